#include "avx/events/envelope.h"

namespace avx::events {

void stamp(Metadata& metadata, std::string_view event_type) {
  if (metadata.event_id.is_nil()) metadata.event_id = EventId::generate();
  if (metadata.timestamp == Timestamp{}) metadata.timestamp = now();
  if (metadata.event_type.empty()) metadata.event_type = event_type;
}

}  // namespace avx::events
