#include "runtime/transports/nats/internal/envelope_headers.h"

#include <charconv>
#include <cstdlib>
#include <string>
#include <string_view>

#include "avx/events/nats/subjects.h"

namespace avx::events::nats::internal {
namespace {

template <class Int>
bool parse_int(std::string_view text, Int& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

Unexpected malformed(natsMsg* message, const std::string& why) {
  return unexpected(Errc::kInvalidArgument,
                    std::string("message on ") + natsMsg_GetSubject(message) + " is not an avx event: " + why);
}

}  // namespace

std::string_view header(natsMsg* message, const char* key) {
  const char* value = nullptr;
  if (natsMsgHeader_Get(message, key, &value) != NATS_OK || value == nullptr) return {};
  return value;
}

std::string describe(natsStatus status) {
  std::string out = std::string("nats: ") + natsStatus_GetText(status);
  natsStatus last = NATS_OK;
  const char* detail = nats_GetLastError(&last);
  if (detail != nullptr && *detail != '\0' && out.find(detail) == std::string::npos) out += std::string(": ") + detail;
  return out;
}

Unexpected failed(const std::string& what, natsStatus status, jsErrCode code) {
  std::string message = what + ": " + describe(status);
  if (code != 0) message += " (JetStream error " + std::to_string(static_cast<int>(code)) + ")";
  return unexpected(status == NATS_TIMEOUT ? Errc::kTimeout : Errc::kUnavailable, message);
}

natsStatus write_origin(natsMsg* message, const Origin& origin) {
  natsStatus s = NATS_OK;
  auto set = [&](const char* key, const std::string& value) {
    if (s == NATS_OK && !value.empty()) s = natsMsgHeader_Set(message, key, value.c_str());
  };
  set(kUserId, origin.user_id);
  set(kSource, origin.source);
  for (const auto& [key, value] : origin.headers) set((std::string(kHeaderPrefix) + key).c_str(), value);
  return s;
}

Status read_origin(natsMsg* message, Origin& origin) {
  origin.user_id = std::string(header(message, kUserId));
  origin.source = std::string(header(message, kSource));
  const char** keys = nullptr;
  int count = 0;
  natsStatus s = natsMsgHeader_Keys(message, &keys, &count);
  if (s == NATS_NOT_FOUND) return check_origin(origin);
  if (s != NATS_OK) return unexpected(Errc::kInvalidArgument, describe(s));
  for (int i = 0; i < count; ++i) {
    std::string_view name = keys[i];
    if (!name.starts_with(kHeaderPrefix)) continue;
    const char* value = nullptr;
    if (natsMsgHeader_Get(message, keys[i], &value) != NATS_OK || value == nullptr) value = "";
    origin.headers.emplace(std::string(name.substr(kHeaderPrefix.size())), value);
  }
  free(static_cast<void*>(keys));
  return check_origin(origin);
}


Result<natsMsg*> to_message(const RawEnvelope& envelope, const std::string& subject) {
  if (auto origin = check_origin(envelope.metadata.origin); !origin) {
    return unexpected(Errc::kInvalidArgument, envelope.type + " not published: " + origin.error().message());
  }
  natsMsg* message = nullptr;
  natsStatus s = natsMsg_Create(&message, subject.c_str(), nullptr, envelope.payload.data(),
                                static_cast<int>(envelope.payload.size()));
  const Metadata& m = envelope.metadata;
  auto set = [&](const char* key, const std::string& value) {
    if (s == NATS_OK && !value.empty()) s = natsMsgHeader_Set(message, key, value.c_str());
  };
  set(kMsgId, m.event_id.to_string());
  set(kType, envelope.type);
  set(kSchemaVersion, std::to_string(envelope.schema_version));
  set(kTimestamp, std::to_string(to_nanos(m.timestamp)));
  set(kCorrelationId, m.correlation_id);
  set(kCausationId, m.causation_id);
  set(kAggregateId, m.aggregate_id);
  if (m.version != 0) set(kAggregateVersion, std::to_string(m.version));
  if (s == NATS_OK) s = write_origin(message, m.origin);
  if (s != NATS_OK) {
    natsMsg_Destroy(message);
    return unexpected(Errc::kInternal, describe(s));
  }
  return message;
}

Result<RawEnvelope> from_message(natsMsg* message) {
  RawEnvelope out;
  out.topic = std::string(topic_of_subject(natsMsg_GetSubject(message)));
  out.type = std::string(header(message, kType));
  if (out.type.empty()) return malformed(message, std::string("no ") + kType + " header");
  auto id = EventId::parse(header(message, kMsgId));
  if (!id) return malformed(message, std::string(kMsgId) + " is not an event id");
  std::int64_t nanos = 0;
  if (!parse_int(header(message, kSchemaVersion), out.schema_version) || out.schema_version == 0) {
    return malformed(message, std::string(kSchemaVersion) + " is not a positive number");
  }
  if (!parse_int(header(message, kTimestamp), nanos)) {
    return malformed(message, std::string(kTimestamp) + " is not a number");
  }
  out.payload.assign(natsMsg_GetData(message), static_cast<std::size_t>(natsMsg_GetDataLength(message)));
  Metadata& m = out.metadata;
  m.event_id = *id;
  m.timestamp = timestamp_from_nanos(nanos);
  m.correlation_id = std::string(header(message, kCorrelationId));
  m.causation_id = std::string(header(message, kCausationId));
  m.aggregate_id = std::string(header(message, kAggregateId));
  if (auto v = header(message, kAggregateVersion); !v.empty() && !parse_int(v, m.version)) {
    return malformed(message, std::string(kAggregateVersion) + " is not a number");
  }
  if (auto origin = read_origin(message, m.origin); !origin) return malformed(message, origin.error().message());
  return out;
}

}  // namespace avx::events::nats::internal
