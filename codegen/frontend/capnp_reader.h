#pragma once

// The Cap'n Proto front end: one `.capnp` file with the project's annotations -> one Package
// (SCHEMA.md section 4, docs/schema.md). Cap'n Proto's own compiler parses and type-checks the
// file (CapnpSession); this walks the nodes it produced into the same model the YAML front end
// builds, so the checks, the emitter and compat treat both alike.

#include <memory>
#include <string>

#include "codegen/frontend/capnp_session.h"
#include "codegen/model/diagnostics.h"
#include "codegen/model/model.h"

namespace avx::codegen {

// Null when the file could not be compiled (the compiler's errors are in `diags`).
std::unique_ptr<Package> read_capnp_schema(CapnpSession& session, const std::string& path, const std::string& text,
                                           Diagnostics& diags);

}  // namespace avx::codegen
