// Fuzz target: any text as a YAML schema, through the front end, the checks and the emitter. Errors
// are diagnostics; nothing may crash, hang or run out of memory.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "codegen/frontend/yaml_reader.h"
#include "tests/fuzz/schema_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  avx::codegen::Diagnostics diags;
  auto package = avx::codegen::read_yaml_schema("fuzz.yaml", text, diags);
  avx::fuzz::check_and_emit(std::move(package), diags);
  return 0;
}
