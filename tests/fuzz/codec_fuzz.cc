// Fuzz target: Cap'n Proto bytes decoded as a generated event with every field type. Whatever
// decodes is a value like any other: it encodes and decodes back to itself.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tests/schemas/all_types.avx.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto decoded = avx::events::decode<tests::all::Everything>(bytes);
  if (!decoded) return 0;
  auto again = avx::events::decode<tests::all::Everything>(avx::events::encode(*decoded));
  // Compared as bytes: a NaN field is never equal to itself.
  if (!again || avx::events::encode(*again) != avx::events::encode(*decoded)) std::abort();
  return 0;
}
