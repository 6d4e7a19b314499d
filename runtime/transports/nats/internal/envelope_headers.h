#pragma once

// The envelope of an event as NATS message headers, and back.

#include <string>
#include <string_view>

#include <nats/nats.h>

#include "avx/events/envelope.h"
#include "avx/events/result.h"

namespace avx::events::nats::internal {

inline constexpr const char* kMsgId = "Nats-Msg-Id";  // JetStream dedupes on it: the event id
inline constexpr const char* kType = "Avx-Type";
inline constexpr const char* kSchemaVersion = "Avx-Schema-Version";
inline constexpr const char* kTimestamp = "Avx-Timestamp";  // nanoseconds since the Unix epoch
inline constexpr const char* kCorrelationId = "Avx-Correlation-Id";
inline constexpr const char* kCausationId = "Avx-Causation-Id";
inline constexpr const char* kAggregateId = "Avx-Aggregate-Id";
inline constexpr const char* kAggregateVersion = "Avx-Aggregate-Version";  // its place in the aggregate's stream
inline constexpr const char* kUserId = "Avx-User-Id";
inline constexpr const char* kSource = "Avx-Source";
inline constexpr std::string_view kHeaderPrefix = "Avx-H-";  // + the key of each of the origin's headers

// The value of the message's header `key`, or empty when absent. Valid while the message lives.
std::string_view header(natsMsg* message, const char* key);

// The origin's user id, source and headers (Avx-H-<key>) as headers of `message`; the caller checked
// it (check_origin).
natsStatus write_origin(natsMsg* message, const Origin& origin);
// The origin `message` carries; an error when check_origin refuses it.
Status read_origin(natsMsg* message, Origin& origin);

// A message on `subject` carrying the envelope's payload and headers; an origin check_origin refuses
// is an error. The caller destroys it.
Result<natsMsg*> to_message(const RawEnvelope& envelope, const std::string& subject);

// The envelope a message carries (its topic is the subject without a partition token); an error names what is missing or malformed (hostile or
// foreign messages on our subjects must not reach a handler).
Result<RawEnvelope> from_message(natsMsg* message);

// "nats: <status text>: <last error>" for a failed call.
std::string describe(natsStatus status);

// `what` failed with `status` (and the JetStream error code, when there is one): a timeout is
// kTimeout, anything else kUnavailable.
Unexpected failed(const std::string& what, natsStatus status, jsErrCode code = static_cast<jsErrCode>(0));

}  // namespace avx::events::nats::internal
