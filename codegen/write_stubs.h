#pragma once

// Handler stubs (what `avx-events stubs` runs): writes <stem>.stubs.h and <stem>.stubs.cc with a
// compiling stub for every command and query handler. It never overwrites: when a stub file exists it only
// reports the handlers missing from it, so CI can catch a schema that outgrew the user's code.

#include <ostream>
#include <string>
#include <vector>

namespace avx::codegen {

struct StubsOptions {
  std::string out_dir;
  std::string root = ".";        // schema paths and imports are relative to this
  std::string include_dir;       // how the stub source includes its header's directory (default: --out relative to --root)
  std::vector<std::string> files;
};

// Exit status: 0 written or complete, 1 an existing stub file lacks handlers (named on `err`),
// 2 schema or I/O error.
int write_stubs(const StubsOptions& options, std::ostream& out, std::ostream& err);

// How the stub source includes its header: --include-dir, or --out relative to --root.
std::string stub_include_dir(const StubsOptions& options);

}  // namespace avx::codegen
