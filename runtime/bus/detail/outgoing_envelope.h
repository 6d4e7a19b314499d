#pragma once

// An Envelope<T> on its way to subscribers, built by publish<T> in the caller's frame. Its
// Metadata's lifetime is ended by the runtime (EventBus::deliver, which stamps and delivers it),
// its event's by this object. Ending the metadata in one runtime function compiles its five
// string destructors and its map's once, inline there, instead of as a call in every publish<T>
// of every event type (where GCC leaves the implicit destructor out of line).

#include <memory>
#include <utility>

#include "avx/events/envelope.h"

namespace avx::events::detail {

template <class T>
class OutgoingEnvelope {
 public:
  // With a fresh Metadata built in place (detail::fresh_metadata), or the publisher's moved in.
  explicit OutgoingEnvelope(T&& event) {
    ::new (static_cast<void*>(&envelope_)) Envelope<T>{std::move(event), fresh_metadata()};
  }
  OutgoingEnvelope(T&& event, Metadata&& metadata) {
    ::new (static_cast<void*>(&envelope_)) Envelope<T>{std::move(event), std::move(metadata)};
  }
  // The metadata has been ended by then (EventBus::deliver ends it, also when it throws).
  ~OutgoingEnvelope() { std::destroy_at(&envelope_.event); }
  OutgoingEnvelope(const OutgoingEnvelope&) = delete;
  OutgoingEnvelope& operator=(const OutgoingEnvelope&) = delete;

  Envelope<T>& envelope() { return envelope_; }

 private:
  union {
    Envelope<T> envelope_;  // never destroyed as a whole: its members are, one by one
  };
};

}  // namespace avx::events::detail
