#include "avx/events/detail/wire.h"

#include "avx/events/utf8.h"

namespace avx::events::wire {

void check_utf8(capnp::Text::Reader text) {
  if (auto bad = find_invalid_utf8(std::string_view(text.cStr(), text.size()))) {
    throw DecodeError("text is not valid UTF-8 (byte " + std::to_string(*bad) + " of " +
                      std::to_string(text.size()) + ")");
  }
}

std::string read_text(capnp::Text::Reader text) {
  check_utf8(text);
  return std::string(text.cStr(), text.size());
}

std::string read_data(capnp::Data::Reader data) {
  return std::string(reinterpret_cast<const char*>(data.begin()), data.size());
}

}  // namespace avx::events::wire
