#pragma once

// The typed ends of every generated codec: the root struct's type is all that depends on the
// event; framing, limits and errors are compiled once (capnp_message.h, json.h).

#include <string_view>

#include "avx/events/capnp_message.h"
#include "avx/events/codec.h"
#include "avx/events/detail/wire.h"

namespace avx::events::wire {

// The generated avx_write/avx_read of T on the message's root (one plain function each: a
// lambda converted to a function pointer costs the compiler three).
template <class Wire, class T>
void write_root(capnp::MessageBuilder& message, const void* value) {
  avx_write(message.initRoot<Wire>(), *static_cast<const T*>(value));
}

template <class Wire, class T>
void read_root(capnp::MessageReader& message, void* target) {
  avx_read(message.getRoot<Wire>(), *static_cast<T*>(target));
}

template <class Wire, class T>
Result<T> decode_message(std::string_view bytes, std::string_view type_name) {
  T out{};
  auto status = read_capnp_message(bytes, type_name, &read_root<Wire, T>, &out);
  if (!status) return Unexpected{status.error()};
  return out;
}

}  // namespace avx::events::wire
