#pragma once

// The compatibility check (what `avx-events compat` runs): load OLD and NEW (files, directories,
// or a git revision), compare under a mode, report. Exit 0 compatible, 1 breaking findings, 2 usage or schema error.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace avx::codegen::compat {

struct CompatOptions {
  std::vector<std::string> against;  // OLD inputs, oldest first (several for transitive modes)
  std::optional<std::string> against_git;
  std::vector<std::string> inputs;  // NEW: schema files or directories of them
  std::string mode = "backward";
  std::string format = "text";
  std::optional<std::string> write_baseline;  // copy NEW's schemas here instead of comparing
};

int run_compat(const CompatOptions& options, std::ostream& out, std::ostream& err);

}  // namespace avx::codegen::compat
