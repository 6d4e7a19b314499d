#pragma once

// `avx-events generate --out DIR [--root R] FILES...`

#include <CLI/CLI.hpp>

namespace avx::tools {

void add_generate_command(CLI::App& app, int& status);

}  // namespace avx::tools
