#pragma once

// Where something was written, for diagnostics. Lines and columns are 1-based.

#include <string>

namespace avx::codegen {

struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
};

}  // namespace avx::codegen
