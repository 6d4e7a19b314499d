#pragma once

// A reply of a command or query on the wire, the same on every transport: a record's Cap'n Proto
// bytes, a field type's (`returns: string`) JSON, nothing for Done. And the shape of a responder
// that the typed respond<M>() of each transport wraps: bytes in, bytes out.

#include <functional>
#include <string>
#include <string_view>
#include <type_traits>

#include "avx/events/codec.h"
#include "avx/events/cqrs/dispatch.h"
#include "avx/events/cqrs/request_reply.h"
#include "avx/events/json.h"
#include "avx/events/result.h"

namespace avx::events::transports {

template <class R>
std::string encode_reply(const R& reply) {
  if constexpr (std::is_same_v<R, Done>) {
    return {};
  } else if constexpr (Encodable<R>) {
    return encode(reply);
  } else {
    json::Writer w;
    json::write(w, reply);
    return w.take();
  }
}

template <class R>
Result<R> decode_reply(std::string_view bytes) {
  if constexpr (std::is_same_v<R, Done>) {
    return Done{};
  } else if constexpr (Encodable<R>) {
    return decode<R>(bytes);
  } else {
    R out{};
    json::ReadRoot read = [](const json::Reader& root, json::Path& path, void* target) {
      json::read(root, *static_cast<R*>(target), path);
    };
    if (auto status = json::read_document(bytes, "reply", read, &out); !status) return Unexpected{status.error()};
    return out;
  }
}

using RawResponse = std::function<Result<std::string>(std::string_view payload, const DispatchContext&)>;

// What a typed responder does with a request's bytes: decode M, call the handler, encode its reply.
template <Message M, class F>
RawResponse typed_response(F handler) {
  return [handler = std::move(handler)](std::string_view payload, const DispatchContext& context) mutable
         -> Result<std::string> {
    auto message = decode<M>(payload);
    if (!message) return Unexpected{message.error()};
    Result<ReplyOf<M>> reply = handler(*message, context);
    if (!reply) return Unexpected{reply.error()};
    return encode_reply(*reply);
  };
}

// The code to_string() names; kInternal for a name this version does not know (an error code
// carried across processes by name).
Errc errc_named(std::string_view name);

}  // namespace avx::events::transports
