#pragma once

// Handler stubs: a class per command and query handler interface, each returning kUnimplemented,
// for the user to fill in. Written once; afterwards only checked for handlers it lacks.

#include <string>
#include <string_view>
#include <vector>

#include "codegen/emit/emitter.h"
#include "codegen/emit/view.h"

namespace avx::codegen {

struct StubPaths {
  std::string header;  // <stem>.stubs.h, relative to the stubs directory
  std::string source;  // <stem>.stubs.cc
};
StubPaths stub_paths(const Package& pkg);

// The package's view plus what only the stubs print.
View stub_view(const Package& pkg, const std::string& root, const std::string& include_dir);

// The stub header and source of `pkg`. `include_dir` is the stubs directory as the source should
// include it (relative to the workspace root; empty: beside it).
std::vector<GeneratedFile> emit_stubs(const Package& pkg, const std::string& root, const std::string& include_dir,
                                      Diagnostics& diags);

// The handler interfaces of `pkg` ("PlaceOrderHandler", ...) that `text` never names.
std::vector<std::string> missing_handlers(const Package& pkg, std::string_view text);

}  // namespace avx::codegen
