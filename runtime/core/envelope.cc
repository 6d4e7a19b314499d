#include "avx/events/envelope.h"

#include <time.h>

namespace avx::events {

void stamp(Metadata& metadata, std::string_view event_type, Clock clock, std::string_view source) {
  // One clock read for both when both are to be stamped (the id takes the time's milliseconds).
  if (metadata.timestamp == Timestamp{}) {
    metadata.timestamp = clock == Clock::kCoarse ? coarse_now() : now();
    if (metadata.event_id.is_nil()) metadata.event_id = EventId::generate_at(metadata.timestamp);
  } else if (metadata.event_id.is_nil()) {
    metadata.event_id = EventId::generate();  // the publisher's time may be any time
  }
  if (metadata.event_type.empty()) metadata.event_type = event_type;
  if (!source.empty() && metadata.origin.source.empty()) metadata.origin.source = source;
}

Timestamp coarse_now() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME_COARSE, &ts);
  return Timestamp(std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec));
}

}  // namespace avx::events
