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

void write_blob(PointerBuilder slot, const std::string& value, Text) {
  slot.setBlob<capnp::Text>(capnp::Text::Reader(value.data(), value.size()));
}

void write_blob(PointerBuilder slot, const std::string& value, Bytes) {
  slot.setBlob<capnp::Data>(capnp::Data::Reader(reinterpret_cast<const kj::byte*>(value.data()), value.size()));
}

std::string read_blob(PointerReader slot, Text) { return read_text(slot.getBlob<capnp::Text>(nullptr, 0)); }

std::string read_blob(PointerReader slot, Bytes) { return read_data(slot.getBlob<capnp::Data>(nullptr, 0)); }

void get_text(StructReader in, std::uint32_t pointer, std::string& value, std::string_view fallback) {
  PointerReader slot = in.getPointerField(pointer);
  value = slot.isNull() ? std::string(fallback) : read_blob(slot, Text{});
}

void get_bytes(StructReader in, std::uint32_t pointer, std::string& value) {
  value = read_blob(in.getPointerField(pointer), Bytes{});
}

void check_new_key(bool inserted, const std::string& key) {
  if (!inserted) throw DecodeError("duplicate map key '" + key + "'");
}

}  // namespace avx::events::wire
