#pragma once

// Generation (what `avx-events generate` runs): compile -> emit -> write. All errors are reported
// together and nothing is written unless every file generated cleanly.

#include <ostream>
#include <string>
#include <vector>

namespace avx::codegen {

struct GenerateOptions {
  std::string out_dir;
  std::string root = ".";  // schema paths and imports are relative to this
  std::vector<std::string> files;
};

// Exit status: 0 written, 2 schema or I/O error (diagnostics on `err`).
int generate(const GenerateOptions& options, std::ostream& err);

}  // namespace avx::codegen
