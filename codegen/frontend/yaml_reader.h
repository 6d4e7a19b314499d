#pragma once

// The YAML front end: one schema file -> one Package (SCHEMA.md section 1). Structural errors
// (unknown keys, wrong shapes, malformed types) are reported here; meaning (names, references,
// defaults, history) is checked later, in codegen/check.

#include <memory>
#include <string>
#include <string_view>

#include "codegen/model/diagnostics.h"
#include "codegen/model/model.h"

namespace avx::codegen {

// `path` is used in diagnostics and kept in the package; `text` is the file's content. Returns
// null when the file cannot be read as a schema at all.
std::unique_ptr<Package> read_yaml_schema(const std::string& path, std::string_view text, Diagnostics& diags);

}  // namespace avx::codegen
