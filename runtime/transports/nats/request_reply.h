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
#include "avx/events/transports/reply_codec.h"

namespace avx::events::nats {

// The subject requests of `type` go to.
std::string request_subject(std::string_view type);

namespace detail {

using transports::decode_reply;
using transports::encode_reply;

// Bytes in, bytes out; what the typed functions below encode and decode around.
using transports::RawResponse;
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
  return detail::respond_raw(transport, M::kType, transports::typed_response<M>(std::move(handler)));
}

template <Message M>
Result<ReplyOf<M>> request(Transport& transport, const M& message, const RequestOptions& options = {}) {
  auto bytes = detail::request_raw(transport, M::kType, encode(message), options);
  if (!bytes) return Unexpected{bytes.error()};
  return detail::decode_reply<ReplyOf<M>>(*bytes);
}

}  // namespace avx::events::nats
