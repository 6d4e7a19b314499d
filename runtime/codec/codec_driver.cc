#include "avx/events/detail/codec_driver.h"

namespace avx::events::wire {

Unexpected decode_failure(std::string_view type_name, std::string_view what) {
  return unexpected(Errc::kInvalidArgument,
                    "cannot decode " + std::string(type_name) + ": " + std::string(what));
}

Result<kj::Array<capnp::word>> copy_to_words(std::string_view bytes, std::string_view type_name) {
  if (bytes.empty()) return decode_failure(type_name, "empty input");
  if (bytes.size() % sizeof(capnp::word) != 0) {
    return decode_failure(type_name, "length " + std::to_string(bytes.size()) +
                                         " is not a whole number of 8-byte words");
  }
  // Copy: the input may be misaligned, and Cap'n Proto reads words in place.
  auto words = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), bytes.data(), bytes.size());
  return words;
}

}  // namespace avx::events::wire
