#pragma once

// Cap'n Proto messages in and out of bytes, with the framing and the limits that every reader of
// untrusted bytes in avx-events uses. The generated codecs call these; so can code that reads
// payloads without their generated type (the CLI reads them through the schema, dynamically).
//
//   auto status = avx::events::read_capnp_message(payload, "shop.orders.OrderPlaced v2",
//       [](capnp::MessageReader& reader, void* context) { ... reader.getRoot<Wire>() ... }, &context);
//
// The callbacks are plain function pointers with a context, not std::function or
// kj::FunctionParam: generated code calls these once per type, and a wrapper class per type is
// what made large schemas slow to compile.

#include <cstdint>
#include <string_view>

#include <capnp/layout.h>
#include <capnp/message.h>

#include "avx/events/codec.h"
#include "avx/events/result.h"

namespace avx::events {

// Reads `bytes` as one flat Cap'n Proto message (no trailing bytes) and calls read() on it, with a
// traversal limit of a few times the message's size (bounding what an amplification attack can
// cost) and a nesting limit. Every failure, a Cap'n Proto exception or a wire::DecodeError thrown
// by read() included, is a kInvalidArgument naming `type_name`: "cannot decode <type_name>: ...".
using ReadMessage = void (*)(capnp::MessageReader& message, void* context);
Status read_capnp_message(std::string_view bytes, std::string_view type_name, ReadMessage read, void* context);

// Builds a message with write(message, context) and returns its flat bytes.
using WriteMessage = void (*)(capnp::MessageBuilder& message, const void* context);
Bytes write_capnp_message(WriteMessage write, const void* context);

// The same two for a message whose root is a struct of a known size, as generated codecs use: the
// root is found here, once, and handed over as Cap'n Proto's layout-level struct (what the
// generated avx_write/avx_read take; see detail/wire.h).
struct StructShape {
  std::uint16_t data_words;
  std::uint16_t pointers;
};
using ReadStruct = void (*)(capnp::_::StructReader root, void* target);
Status read_capnp_struct(std::string_view bytes, std::string_view type_name, ReadStruct read, void* target);
using WriteStruct = void (*)(capnp::_::StructBuilder root, const void* value);
Bytes write_capnp_struct(StructShape shape, WriteStruct write, const void* value);

}  // namespace avx::events
