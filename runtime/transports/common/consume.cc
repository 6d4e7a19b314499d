#include "avx/events/transports/consume.h"

#include <utility>

namespace avx::events::transports {

Error rejected(Error error) { return std::move(error.with_detail(kRejectDetail, "1")); }

Status call_handler(RawHandler& handler, const RawEnvelope& envelope, const Delivery& delivery) {
  try {
    return handler(envelope, delivery);
  } catch (const std::exception& e) {
    return unexpected(Errc::kInternal, std::string("handler threw: ") + e.what());
  } catch (...) {
    return unexpected(Errc::kInternal, "handler threw");
  }
}

DeadLetter parked_letter(const std::string& subscription, RecordedEvent event, std::uint32_t attempts,
                         std::string error) {
  const Timestamp at = now();
  std::string sequence = event.stream;
  return DeadLetter{0,        subscription,     std::move(sequence), std::move(event), LetterState::kParked,
                    attempts, std::move(error), at,                  at,               at};
}

RecordedEvent to_recorded(const RawEnvelope& raw) {
  RecordedEvent e;
  e.stream = raw.topic;
  e.version = raw.metadata.version;
  e.position = raw.metadata.position;
  e.event_id = raw.metadata.event_id;
  e.type = raw.type;
  e.schema_version = raw.schema_version;
  e.timestamp = raw.metadata.timestamp;
  e.correlation_id = raw.metadata.correlation_id;
  e.causation_id = raw.metadata.causation_id;
  e.origin = raw.metadata.origin;
  e.payload = raw.payload;
  return e;
}

RawEnvelope from_recorded(const RecordedEvent& event) {
  RawEnvelope raw{event.stream, event.type, event.schema_version, event.payload, {}};
  Metadata& m = raw.metadata;
  m.event_id = event.event_id;
  m.timestamp = event.timestamp;
  m.correlation_id = event.correlation_id;
  m.causation_id = event.causation_id;
  m.origin = event.origin;
  m.version = event.version;
  m.position = event.position;
  return raw;
}

}  // namespace avx::events::transports
