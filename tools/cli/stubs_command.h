#pragma once

// `avx-events stubs --out DIR [--root R] [--include-dir D] FILES...`

#include <CLI/CLI.hpp>

namespace avx::tools {

void add_stubs_command(CLI::App& app, int& status);

}  // namespace avx::tools
