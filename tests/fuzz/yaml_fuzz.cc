// Fuzz target: any text as a YAML schema, through the front end, the checks and the emitter. Errors
// are diagnostics; nothing may crash, hang or run out of memory.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "codegen/check/check.h"
#include "codegen/emit/emitter.h"
#include "codegen/frontend/yaml_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  avx::codegen::Diagnostics diags;
  auto package = avx::codegen::read_yaml_schema("fuzz.yaml", text, diags);
  if (!package) return 0;
  avx::codegen::SchemaSet set;
  set.roots.push_back(package.get());
  set.packages.push_back(std::move(package));
  avx::codegen::check_schemas(set, diags);
  if (!diags.has_errors()) (void)avx::codegen::emit_package(*set.roots[0], {}, diags);
  return 0;
}
