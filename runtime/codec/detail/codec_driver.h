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
  return write_capnp_message([&](capnp::MessageBuilder& message) { avx_write(message.initRoot<Wire>(), value); });
}

template <class Wire, class T>
Result<T> decode_message(std::string_view bytes, std::string_view type_name) {
  T out{};
  auto read = read_capnp_message(bytes, type_name,
                                 [&](capnp::MessageReader& message) { avx_read(message.getRoot<Wire>(), out); });
  if (!read) return Unexpected{read.error()};
  return out;
}

}  // namespace avx::events::wire
