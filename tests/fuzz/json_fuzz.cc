// Fuzz target: JSON text read as a generated event with every field type. Whatever reads is
// written back as JSON that reads again.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tests/schemas/all_types.avx.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto decoded = avx::events::from_json<tests::all::Everything>(text);
  if (!decoded) return 0;
  if (!avx::events::from_json<tests::all::Everything>(avx::events::to_json(*decoded))) std::abort();
  return 0;
}
