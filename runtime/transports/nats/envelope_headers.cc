#include "runtime/transports/nats/internal/envelope_headers.h"

#include <cstdlib>
#include <string>
#include <string_view>

#include "avx/events/nats/subjects.h"
#include "avx/events/transports/envelope_fields.h"

namespace avx::events::nats::internal {
namespace {

constexpr transports::FieldNames kFields{kMsgId,        kType,        kSchemaVersion, kTimestamp,
                                         kCorrelationId, kCausationId, kAggregateId,   kAggregateVersion,
                                         kUserId,        kSource,      kHeaderPrefix};

// Sets each field as a header; the first failure stays in `status` and ends the setting.
transports::FieldSink setter(natsMsg* message, natsStatus& status) {
  return [message, &status](std::string_view name, std::string value) {
    if (status == NATS_OK) status = natsMsgHeader_Set(message, std::string(name).c_str(), value.c_str());
  };
}

// A message's headers as fields.
class Headers final : public transports::FieldSource {
 public:
  explicit Headers(natsMsg* message) : message_(message) {
    status_ = natsMsgHeader_Keys(message, &keys_, &count_);
    if (status_ == NATS_NOT_FOUND) status_ = NATS_OK;  // no headers at all
  }
  ~Headers() override { free(static_cast<void*>(keys_)); }
  Headers(const Headers&) = delete;
  Headers& operator=(const Headers&) = delete;
  bool ok() const { return status_ == NATS_OK; }
  natsStatus status() const { return status_; }

  std::string_view get(const char* name) const override { return header(message_, name); }
  void each(const transports::FieldVisitor& visit) const override {
    for (int i = 0; i < count_; ++i) visit(keys_[i], header(message_, keys_[i]));
  }

 private:
  natsMsg* message_;
  const char** keys_ = nullptr;
  int count_ = 0;
  natsStatus status_;
};

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
  (void)transports::write_origin(origin, kFields, setter(message, s));
  return s;
}

Status read_origin(natsMsg* message, Origin& origin) {
  Headers headers(message);
  if (!headers.ok()) return unexpected(Errc::kInvalidArgument, describe(headers.status()));
  return transports::read_origin(kFields, headers, origin);
}

Result<natsMsg*> to_message(const RawEnvelope& envelope, const std::string& subject) {
  natsMsg* message = nullptr;
  natsStatus s = natsMsg_Create(&message, subject.c_str(), nullptr, envelope.payload.data(),
                                static_cast<int>(envelope.payload.size()));
  if (s != NATS_OK) return unexpected(Errc::kInternal, describe(s));
  if (auto written = transports::write_fields(envelope, kFields, setter(message, s)); !written || s != NATS_OK) {
    natsMsg_Destroy(message);
    return written ? unexpected(Errc::kInternal, describe(s)) : Unexpected{written.error()};
  }
  return message;
}

Result<RawEnvelope> from_message(natsMsg* message) {
  RawEnvelope out;
  out.topic = std::string(topic_of_subject(natsMsg_GetSubject(message)));
  Headers headers(message);
  if (!headers.ok()) return malformed(message, describe(headers.status()));
  if (auto read = transports::read_fields(kFields, headers, out); !read) return malformed(message, read.error().message());
  out.payload.assign(natsMsg_GetData(message), static_cast<std::size_t>(natsMsg_GetDataLength(message)));
  return out;
}

}  // namespace avx::events::nats::internal
