#pragma once

// The typed ends of every generated codec: the root struct's type is all that depends on the
// event; framing, limits and errors are compiled once (capnp_message.h, json.h).

#include <string_view>

#include "avx/events/capnp_message.h"
#include "avx/events/codec.h"
#include "avx/events/detail/wire.h"

namespace avx::events::wire {

// The size of the Cap'n Proto struct `Wire` (a constant: no function per type).
template <class Wire>
inline constexpr StructShape kShape{Wire::_capnpPrivate::dataWordSize, Wire::_capnpPrivate::pointerCount};

// The generated avx_write/avx_read of T on the message's root (one plain function each: a
// lambda converted to a function pointer costs the compiler three).
template <class Wire, class T>
void write_root(capnp::AnyStruct::Builder root, const void* value) {
  avx_write(root.as<Wire>(), *static_cast<const T*>(value));
}

template <class Wire, class T>
void read_root(capnp::AnyStruct::Reader root, void* target) {
  avx_read(root.as<Wire>(), *static_cast<T*>(target));
}

}  // namespace avx::events::wire
