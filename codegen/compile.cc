#include "codegen/compile.h"

#include "codegen/check/check.h"

namespace avx::codegen {

SchemaSet compile_schemas(const std::vector<std::string>& files, const LoadOptions& options, Diagnostics& diags) {
  SchemaSet set = load_schemas(files, options, diags);
  check_schemas(set, diags);
  return set;
}

}  // namespace avx::codegen
