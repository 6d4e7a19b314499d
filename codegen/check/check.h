#pragma once

// Semantic checks over a loaded SchemaSet, reporting every error at once (nothing stops at the
// first). Also resolves named types, so the emitter can rely on TypeRef::record / enum_type.

#include "codegen/model/diagnostics.h"
#include "codegen/model/model.h"

namespace avx::codegen {

void check_schemas(SchemaSet& set, Diagnostics& diags);

// The passes, in the order check_schemas runs them; exposed for tests.
void check_names(const SchemaSet& set, Diagnostics& diags);
void resolve_types(SchemaSet& set, Diagnostics& diags);
void check_record_cycles(const SchemaSet& set, Diagnostics& diags);
void check_defaults(const SchemaSet& set, Diagnostics& diags);
void check_events(const SchemaSet& set, Diagnostics& diags);

}  // namespace avx::codegen
