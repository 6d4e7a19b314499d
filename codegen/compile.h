#pragma once

// The one way every command reads schemas: load them (and, transitively, what they import), then
// check them. The checks run even after the front end reported errors (the model holds what could
// be read), so a user sees every error in one go. The set is checked, and safe to emit or
// compare, exactly when `diags` has no error.

#include <string>
#include <vector>

#include "codegen/frontend/loader.h"
#include "codegen/model/diagnostics.h"
#include "codegen/model/model.h"

namespace avx::codegen {

SchemaSet compile_schemas(const std::vector<std::string>& files, const LoadOptions& options, Diagnostics& diags);

}  // namespace avx::codegen
