#pragma once

// The typed ends of every generated codec: the root struct's type is all that depends on the
// event; framing, limits and errors are compiled once (capnp_message.h, json.h).

#include <string_view>

#include "avx/events/capnp_message.h"
#include "avx/events/codec.h"
#include "avx/events/detail/wire.h"

namespace avx::events::wire {

template <class Wire, class T>
Bytes encode_message(const T& value) {
  WriteMessage write = [](capnp::MessageBuilder& message, const void* v) {
    avx_write(message.initRoot<Wire>(), *static_cast<const T*>(v));
  };
  return write_capnp_message(write, &value);
}

template <class Wire, class T>
Result<T> decode_message(std::string_view bytes, std::string_view type_name) {
  T out{};
  ReadMessage read = [](capnp::MessageReader& message, void* target) {
    avx_read(message.getRoot<Wire>(), *static_cast<T*>(target));
  };
  auto status = read_capnp_message(bytes, type_name, read, &out);
  if (!status) return Unexpected{status.error()};
  return out;
}

}  // namespace avx::events::wire
