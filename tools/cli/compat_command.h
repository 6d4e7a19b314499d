#pragma once

// `avx-events compat (--against OLD... | --against-git REF) [--mode M] [--format F] NEW...`

#include <CLI/CLI.hpp>

namespace avx::tools {

void add_compat_command(CLI::App& app, int& status);

}  // namespace avx::tools
