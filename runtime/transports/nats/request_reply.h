#pragma once

// Request/reply across processes over core NATS: the typed commands and queries of the schema.
//
//   auto responder = nats::respond<GetOrder>(transport, [&](const GetOrder& q, const DispatchContext&)
//       -> Result<OrderView> { ... });                       // several responders share the load
//   Result<OrderView> view = nats::request(transport, GetOrder{"o-1"}, {.timeout = 200ms});
//
// A request is a NATS request on `avx.rpc.<M::kType>` with the message's Cap'n Proto bytes;
// responders listen in the queue group `avx.rpc`, so each request reaches one of them. The reply
// is the reply's bytes, or an error code and message in headers. request() returns kTimeout when
// no reply came within the timeout, and kNoResponders at once when nobody serves the type. A
// responder that returns an error, or throws, answers with that error; one that cannot decode the
// request answers kInvalidArgument.

#include <functional>
#include <string>

#include "avx/events/cqrs/dispatch.h"
#include "avx/events/cqrs/request_reply.h"
#include "avx/events/json.h"
#include "avx/events/nats/transport.h"

namespace avx::events::nats {

// The subject requests of `type` go to.
std::string request_subject(std::string_view type);

namespace detail {

// A reply on the wire: a record's Cap'n Proto bytes; a field type's (`returns: string`) JSON.
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

// Bytes in, bytes out; what the typed functions below encode and decode around.
using RawResponse = std::function<Result<std::string>(std::string_view payload, const DispatchContext&)>;
Result<std::string> request_raw(Transport& transport, std::string_view type, std::string payload,
                                const RequestOptions& options);
}  // namespace detail

// Stops answering when destroyed; requests in progress are answered first.
class Responder {
 public:
  struct State;
  Responder() = default;
  explicit Responder(std::shared_ptr<State> state);
  Responder(Responder&&) noexcept;
  Responder& operator=(Responder&&) noexcept;
  ~Responder();

 private:
  std::shared_ptr<State> state_;
};

namespace detail {
Result<Responder> respond_raw(Transport& transport, std::string_view type, RawResponse respond);
}  // namespace detail

template <Message M, class F>
Result<Responder> respond(Transport& transport, F handler) {
  return detail::respond_raw(
      transport, M::kType,
      [handler = std::move(handler)](std::string_view payload, const DispatchContext& context) mutable
      -> Result<std::string> {
        auto message = decode<M>(payload);
        if (!message) return Unexpected{message.error()};
        Result<ReplyOf<M>> reply = handler(*message, context);
        if (!reply) return Unexpected{reply.error()};
        return detail::encode_reply(*reply);
      });
}

template <Message M>
Result<ReplyOf<M>> request(Transport& transport, const M& message, const RequestOptions& options = {}) {
  auto bytes = detail::request_raw(transport, M::kType, encode(message), options);
  if (!bytes) return Unexpected{bytes.error()};
  return detail::decode_reply<ReplyOf<M>>(*bytes);
}

}  // namespace avx::events::nats
