#include "avx/events/nats/request_reply.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "runtime/transports/nats/internal/connection.h"
#include "runtime/transports/nats/internal/envelope_headers.h"

namespace avx::events::nats {
namespace {

using internal::describe;
using internal::header;

constexpr const char* kQueueGroup = "avx.rpc";
constexpr const char* kErrorCode = "Avx-Error-Code";  // to_string(Errc), e.g. "not found"; absent on success
constexpr const char* kErrorMessage = "Avx-Error";

// The reply to `request`: the bytes, or the error in headers.
void answer(natsConnection* connection, natsMsg* request, const Result<std::string>& reply) {
  const char* to = natsMsg_GetReply(request);
  if (to == nullptr) return;  // a publish, not a request: nobody waits
  if (reply) {  // no headers: no message to build
    natsConnection_Publish(connection, to, reply->data(), static_cast<int>(reply->size()));
    return;
  }
  natsMsg* out = nullptr;
  if (natsMsg_Create(&out, to, nullptr, nullptr, 0) != NATS_OK) return;
  natsMsgHeader_Set(out, kErrorCode, to_string(reply.error().code()));
  natsMsgHeader_Set(out, kErrorMessage, reply.error().message().c_str());
  natsConnection_PublishMsg(connection, out);
  natsMsg_Destroy(out);
}

// Sends the request and waits for its reply. Without a correlation id or an origin the request
// has no headers and needs no message of its own (the responder makes a correlation id up).
natsStatus send_request(natsConnection* connection, const std::string& subject, const std::string& payload,
                        const RequestOptions& options, std::int64_t timeout_ms, natsMsg** reply) {
  const int size = static_cast<int>(payload.size());
  if (options.correlation_id.empty() && options.origin.empty()) {
    return natsConnection_Request(reply, connection, subject.c_str(), payload.data(), size, timeout_ms);
  }
  natsMsg* message = nullptr;
  natsStatus s = natsMsg_Create(&message, subject.c_str(), nullptr, payload.data(), size);
  if (s == NATS_OK && !options.correlation_id.empty()) {
    s = natsMsgHeader_Set(message, internal::kCorrelationId, options.correlation_id.c_str());
  }
  if (s == NATS_OK) s = internal::write_origin(message, options.origin);
  if (s == NATS_OK) s = natsConnection_RequestMsg(reply, connection, message, timeout_ms);
  natsMsg_Destroy(message);
  return s;
}

}  // namespace

std::string request_subject(std::string_view type) { return "avx.rpc." + std::string(type); }

struct Responder::State {
  std::shared_ptr<Transport::Connection> connection;  // outlives the subscription
  detail::RawResponse respond;
  natsSubscription* subscription = nullptr;

  ~State() {
    if (subscription == nullptr) return;
    // Drain: stop taking requests, answer those already delivered, then let go of `respond`.
    if (natsSubscription_Drain(subscription) == NATS_OK) natsSubscription_WaitForDrainCompletion(subscription, 10000);
    natsSubscription_Destroy(subscription);
  }

  static void on_request(natsConnection* nc, natsSubscription*, natsMsg* message, void* closure) {
    auto* self = static_cast<State*>(closure);
    DispatchContext context;
    context.correlation_id = std::string(header(message, internal::kCorrelationId));
    if (context.correlation_id.empty()) context.correlation_id = EventId::generate().to_string();  // as the buses do
    context.message_id = EventId::generate();  // this dispatch's, as the in-process buses make one
    std::string_view payload(natsMsg_GetData(message), static_cast<std::size_t>(natsMsg_GetDataLength(message)));
    Result<std::string> reply = [&]() -> Result<std::string> {
      if (auto origin = internal::read_origin(message, context.origin); !origin) return Unexpected{origin.error()};
      try {
        return self->respond(payload, context);
      } catch (const std::exception& e) {
        return unexpected(Errc::kInternal, std::string("responder threw: ") + e.what());
      } catch (...) {
        return unexpected(Errc::kInternal, "responder threw");
      }
    }();
    answer(nc, message, reply);
    natsMsg_Destroy(message);
  }
};

Responder::Responder(std::shared_ptr<State> state) : state_(std::move(state)) {}
Responder::Responder(Responder&&) noexcept = default;
Responder& Responder::operator=(Responder&&) noexcept = default;
Responder::~Responder() = default;

namespace detail {

Result<Responder> respond_raw(Transport& transport, std::string_view type, RawResponse respond) {
  auto state = std::make_shared<Responder::State>();
  state->connection = transport.connection();
  state->respond = std::move(respond);
  const std::string subject = request_subject(type);
  natsStatus s = natsConnection_QueueSubscribe(&state->subscription, state->connection->connection, subject.c_str(),
                                               kQueueGroup, &Responder::State::on_request, state.get());
  if (s == NATS_OK) s = natsConnection_Flush(state->connection->connection);  // served once this returns
  if (s != NATS_OK) return unexpected(Errc::kUnavailable, "respond to " + subject + ": " + describe(s));
  // The server answers a denied subscription with an error before the flush's PONG.
  if (auto why = state->connection->denial(subject)) {
    return unexpected(Errc::kPermissionDenied, "respond to " + subject + ": " + *why);
  }
  return Responder(std::move(state));
}

Result<std::string> request_raw(Transport& transport, std::string_view type, std::string payload,
                                const RequestOptions& options) {
  if (auto origin = check_origin(options.origin); !origin) {
    return unexpected(Errc::kInvalidArgument, "request " + std::string(type) + " not sent: " + origin.error().message());
  }
  const std::string subject = request_subject(type);
  const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(options.timeout).count();
  natsMsg* reply = nullptr;
  natsStatus s = send_request(transport.connection()->connection, subject, payload, options,
                              std::max<std::int64_t>(timeout, 1), &reply);
  if (s == NATS_NO_RESPONDERS) return unexpected(Errc::kNoResponders, "no responders for " + std::string(type));
  if (s == NATS_TIMEOUT) {
    if (auto why = transport.connection()->denial(subject)) {  // the server dropped the request
      return unexpected(Errc::kPermissionDenied, "request " + std::string(type) + ": " + *why);
    }
    return unexpected(Errc::kTimeout, std::string(type) + ": no reply within " + std::to_string(timeout) + " ms");
  }
  if (s != NATS_OK) return unexpected(Errc::kUnavailable, "request " + std::string(type) + ": " + describe(s));
  std::string_view code = header(reply, kErrorCode);
  Result<std::string> out = std::string(natsMsg_GetData(reply), static_cast<std::size_t>(natsMsg_GetDataLength(reply)));
  if (!code.empty()) out = unexpected(transports::errc_named(code), std::string(header(reply, kErrorMessage)));
  natsMsg_Destroy(reply);
  return out;
}

}  // namespace detail
}  // namespace avx::events::nats
