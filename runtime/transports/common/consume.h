#pragma once

// What every transport's subscribers share, whatever the broker: what a handler learns about a
// delivery, the counts a subscription keeps, the raw handler's shape, and the typed handler built
// on it (decode through a TypeRegistry, upcasting an older schema version as a stored event is).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>

#include "avx/events/codec.h"
#include "avx/events/dlq/dead_letter.h"
#include "avx/events/envelope.h"
#include "avx/events/result.h"
#include "avx/events/store.h"
#include "avx/events/type_registry.h"

namespace avx::events::transports {

// What a handler knows about this delivery beyond the envelope.
struct Delivery {
  std::uint64_t attempt = 1;  // 1 the first time; more after a failure or a lost consumer
};

// Counts since the subscription started.
struct ConsumeStats {
  std::uint64_t handled = 0;        // acknowledged
  std::uint64_t failed = 0;         // handler failures: retried, or the last one parked
  std::uint64_t rejected = 0;       // not an event of ours, or undecodable (parked, if it can be)
  std::uint64_t dead_lettered = 0;  // parked in the dead letters
  std::uint64_t filtered = 0;       // acknowledged without the handler: the pattern did not match the topic
};

using RawHandler = std::function<Status(const RawEnvelope&, const Delivery&)>;

// An error that carries this detail key is final for the message (it is rejected, not retried):
// what a typed handler returns for bytes that do not decode.
inline constexpr std::string_view kRejectDetail = "avx.events.transport.reject";
Error rejected(Error error);

// Runs the handler; one that throws failed (kInternal, with the exception's words).
Status call_handler(RawHandler& handler, const RawEnvelope& envelope, const Delivery& delivery);

// The dead letter of an event `subscription` gave up on after `attempts` deliveries: parked now,
// in the order of its topic.
DeadLetter parked_letter(const std::string& subscription, RecordedEvent event, std::uint32_t attempts,
                         std::string error);

// An event from a broker as a stored event looks: its stream is the topic (a dead letter keeps
// the order of its topic), its position the broker's sequence. And back, for replaying a letter.
RecordedEvent to_recorded(const RawEnvelope& raw);
RawEnvelope from_recorded(const RecordedEvent& event);

// A generated event as a broker carries it: on its topic, stamped (id, time) where the metadata
// left them empty, its Cap'n Proto bytes.
template <Event T>
RawEnvelope envelope_of(const T& event, Metadata metadata) {
  stamp(metadata, T::kType);
  return {std::string(T::kTopic), std::string(T::kType), T::kVersion, encode(event), std::move(metadata)};
}

// Events of type T read through `registry` (which must outlive the subscription); other types on
// the same topic are passed over. The handler returns Status, or void (it failed when it throws).
template <Event T, class F>
RawHandler typed_handler(const TypeRegistry& registry, F handler) {
  static_assert(std::is_invocable_v<F&, const Envelope<T>&>, "the handler must take const Envelope<T>&");
  return [&registry, handler = std::move(handler)](const RawEnvelope& raw, const Delivery&) mutable -> Status {
    if (raw.type != T::kType) return {};  // another event on the same topic
    auto event = registry.read<T>(to_recorded(raw));
    if (!event) return Unexpected{rejected(event.error())};
    Envelope<T> envelope{std::move(*event), raw.metadata};
    envelope.metadata.event_type = T::kType;
    if constexpr (std::is_same_v<std::invoke_result_t<F&, const Envelope<T>&>, void>) {
      handler(envelope);
      return {};
    } else {
      return handler(envelope);
    }
  };
}

}  // namespace avx::events::transports
