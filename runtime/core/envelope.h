#pragma once

// What travels with every event: its identity, its place in time and in a stream, and the ids
// that tie a chain of commands and events together.

#include <cstdint>
#include <string>
#include <string_view>

#include "avx/events/event_id.h"
#include "avx/events/origin.h"
#include "avx/events/time.h"

namespace avx::events {

struct Metadata {
  EventId event_id;
  // e.g. "shop.orders.OrderPlaced". Points at the event type's kType (static storage), so stamping
  // an envelope allocates nothing.
  std::string_view event_type;
  std::string aggregate_id;  // empty when the event belongs to no aggregate
  Timestamp timestamp{};
  std::string correlation_id;
  std::string causation_id;
  Origin origin;               // user, source service, headers
  std::uint64_t version = 0;   // position in its aggregate's stream (0: not stored)
  std::uint64_t position = 0;  // global position in a store or a bus sequence (0: none)

  bool operator==(const Metadata&) const = default;
};

namespace detail {
// A Metadata built member by member. `Metadata{}` (and a `= {}` default argument) has GCC clear
// all of its 264 bytes with `rep stos` first, which on the bus's hot path cost more than building
// it.
inline Metadata fresh_metadata() {
  Metadata m;
  return m;
}
}  // namespace detail

template <class T>
struct Envelope {
  T event;
  Metadata metadata;
};

// An encoded event: what untyped subscribers and transports see.
struct RawEnvelope {
  std::string topic;
  std::string type;  // the event's kType; metadata.event_type points into this string
  std::uint32_t schema_version = 1;
  std::string payload;  // Cap'n Proto binary of the event
  Metadata metadata;
};

// Which clock stamps an event's time when the publisher left it empty.
enum class Clock {
  kCoarse,   // coarse_now(): millisecond resolution, ~3 ns
  kPrecise,  // now(): nanosecond resolution, ~25 ns
};

// Fills what the caller left empty: a fresh id, the current time, the event's type and (when given)
// the source service.
void stamp(Metadata& metadata, std::string_view event_type, Clock clock = Clock::kPrecise,
           std::string_view source = {});

}  // namespace avx::events
