#pragma once

// Request/reply across processes over Redis: the typed commands and queries of the schema.
//
//   auto responder = redis::respond<GetOrder>(transport, [&](const GetOrder& q, const DispatchContext&)
//       -> Result<OrderView> { ... });                       // several responders share the load
//   Result<OrderView> view = redis::request(transport, GetOrder{"o-1"}, {.timeout = 200ms});
//
// A request is an entry of the stream `<key_prefix>rpc:<M::kType>` (the message's Cap'n Proto
// bytes, the correlation id, the origin, its deadline and a reply key); responders read it in the
// consumer group `avx.rpc`, so each request reaches one of them, and answer with an entry on the
// reply key (the reply's bytes, or an error code and message), which the requester waits for
// (XREAD BLOCK). request() returns kTimeout when no reply came within the timeout: nobody
// serves the type, or nobody answered in time. A responder passes over a request whose deadline
// has passed. One that returns an error, or throws, answers with that error; one that cannot
// decode the request answers kInvalidArgument.

#include <memory>
#include <string>
#include <string_view>

#include "avx/events/cqrs/dispatch.h"
#include "avx/events/cqrs/request_reply.h"
#include "avx/events/redis/transport.h"
#include "avx/events/transports/reply_codec.h"

namespace avx::events::redis {

// The stream requests of `type` go to.
std::string request_key(std::string_view prefix, std::string_view type);

// Stops answering when destroyed; a request in progress is answered first.
class Responder {
 public:
  struct State;
  Responder() = default;
  explicit Responder(std::unique_ptr<State> state);
  Responder(Responder&&) noexcept;
  Responder& operator=(Responder&&) noexcept;
  ~Responder();

 private:
  std::unique_ptr<State> state_;
};

namespace detail {
Result<Responder> respond_raw(Transport& transport, std::string_view type, transports::RawResponse respond);
Result<std::string> request_raw(Transport& transport, std::string_view type, std::string payload,
                                const RequestOptions& options);
}  // namespace detail

template <Message M, class F>
Result<Responder> respond(Transport& transport, F handler) {
  return detail::respond_raw(transport, M::kType, transports::typed_response<M>(std::move(handler)));
}

template <Message M>
Result<ReplyOf<M>> request(Transport& transport, const M& message, const RequestOptions& options = {}) {
  auto bytes = detail::request_raw(transport, M::kType, encode(message), options);
  if (!bytes) return Unexpected{bytes.error()};
  return transports::decode_reply<ReplyOf<M>>(*bytes);
}

}  // namespace avx::events::redis
