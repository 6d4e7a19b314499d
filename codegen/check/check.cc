#include "codegen/check/check.h"

namespace avx::codegen {

void check_schemas(SchemaSet& set, Diagnostics& diags) {
  check_names(set, diags);
  resolve_types(set, diags);
  check_record_cycles(set, diags);
  check_defaults(set, diags);
  check_events(set, diags);
}

}  // namespace avx::codegen
