#pragma once

// Loads schema files and, transitively, what they import. Imports are paths relative to the
// workspace root (SCHEMA.md section 1); a missing file or an import cycle is an error at the
// import's position.

#include <string>
#include <vector>

#include "codegen/model/diagnostics.h"
#include "codegen/model/model.h"

namespace avx::codegen {

struct LoadOptions {
  std::string root = ".";  // where import paths start
};

SchemaSet load_schemas(const std::vector<std::string>& files, const LoadOptions& options, Diagnostics& diags);

}  // namespace avx::codegen
