#pragma once

// EventBus: typed in-process publish/subscribe.
//
//   avx::events::EventBus bus;
//   auto sub = bus.subscribe<OrderPlaced>([](const Envelope<OrderPlaced>& e) { ... });
//   bus.publish(OrderPlaced{...});
//
// A subscriber is called inside publish, on the publishing thread, unless it opts into
// asynchronous delivery (SubscribeOptions::async): then it gets its own ordered, bounded queue
// drained on an Asio executor. A throwing subscriber is counted (Subscription::stats) and does not
// stop the others. Subscribing and unsubscribing from inside a handler is safe. Every publish is
// counted per event type (published_counts(): a plain add to a counter of the publishing
// thread's); publishing an event nobody subscribed to costs that and two loads. Events are stamped
// with the coarse clock unless the bus is built with BusOptions{.clock = Clock::kPrecise} or the
// publisher sets metadata.timestamp.

#include <any>
#include <functional>
#include <memory>
#include <string_view>
#include <utility>

#include "avx/events/codec.h"
#include "avx/events/delivery.h"
#include "avx/events/detail/channel_table.h"
#include "avx/events/detail/outgoing_envelope.h"
#include "avx/events/detail/type_id.h"
#include "avx/events/detail/typed_slots.h"
#include "avx/events/envelope.h"
#include "avx/events/subscription.h"

namespace avx::events {

class EventBus {
 public:
  EventBus() = default;
  explicit EventBus(BusOptions options) : options_(std::move(options)) {}
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  // Delivered inside publish, on the publishing thread.
  template <Event T, class F>
  [[nodiscard]] Subscription subscribe(F&& handler) {
    static_assert(std::is_invocable_v<F&, const Envelope<T>&>,
                  "the handler must be callable with const Envelope<T>&");
    using Slot = detail::SyncSlot<Envelope<T>, std::decay_t<F>>;
    return add(detail::type_id<T>(), T::kType, std::make_shared<Slot>(std::forward<F>(handler)));
  }

  // Delivered as `options` say: inside publish, or queued on an executor (options.async).
  template <Event T, class F>
  [[nodiscard]] Subscription subscribe(F&& handler, SubscribeOptions options) {
    static_assert(std::is_invocable_v<F&, const Envelope<T>&>,
                  "the handler must be callable with const Envelope<T>&");
    return add(detail::type_id<T>(), T::kType,
               detail::make_slot<Envelope<T>>(std::forward<F>(handler), std::move(options)));
  }

  // For generated code: calls handle(context, envelope) with each event of the type whose
  // detail::type_id is `type_id` and kType is `type` (`envelope` points to its Envelope<T>),
  // inside publish. One slot type serves every event type, so subscribing to many types costs no
  // code per type.
  [[nodiscard]] Subscription subscribe_erased(std::size_t type_id, std::string_view type,
                                              void (*handle)(void* context, const void* envelope), void* context);

  // Stamps what the caller left empty in `metadata` (event id, time, type) and delivers.
  template <Event T>
  PublishResult publish(T event, Metadata metadata) {
    detail::ReaderRecord& record = detail::this_thread_record();
    detail::Channel& channel = counted_channel<T>(record);
    if (tap_) [[unlikely]] {
      return deliver_tapped(channel, record, Envelope<T>{std::move(event), std::move(metadata)});
    }
    if (channel.empty()) return {};
    detail::OutgoingEnvelope<T> out(std::move(event), std::move(metadata));
    return deliver(channel, record, &out.envelope(), out.envelope().metadata, T::kType);
  }

  template <Event T>
  PublishResult publish(T event) {
    detail::ReaderRecord& record = detail::this_thread_record();
    detail::Channel& channel = counted_channel<T>(record);
    if (tap_) [[unlikely]] {
      return deliver_tapped(channel, record, Envelope<T>{std::move(event), detail::fresh_metadata()});
    }
    if (channel.empty()) return {};
    detail::OutgoingEnvelope<T> out(std::move(event));
    return deliver(channel, record, &out.envelope(), out.envelope().metadata, T::kType);
  }

  // Sees every event published from now on, stamped, before any subscriber (and also when there
  // is none): for test doubles such as avx::events::testing::RecordingBus. Set it before
  // publishing starts; it is not synchronized with publishers.
  using Tap = std::function<void(std::string_view event_type, std::any envelope)>;
  void set_tap(Tap tap) { tap_ = std::move(tap); }

  // How many events of each type this bus published (subscribed or not), by kType.
  std::vector<PublishedCount> published_counts() const { return channels_.published_counts(); }

 private:
  Subscription add(std::size_t type_id, std::string_view type, std::shared_ptr<detail::Slot> slot);

  // T's channel, made on the first publish or subscribe of T, with this publish counted.
  template <Event T>
  [[gnu::always_inline]] detail::Channel& counted_channel(detail::ReaderRecord& record) {
    return channels_.counted(detail::type_id<T>(), T::kType, record);
  }

  // Stamps `metadata` (that of `envelope`, an Envelope of the type `type`), delivers `envelope` on
  // `channel`, and ends `metadata`'s lifetime, also when it throws (detail::OutgoingEnvelope).
  PublishResult deliver(detail::Channel& channel, detail::ReaderRecord& record, const void* envelope,
                        Metadata& metadata, std::string_view type);

  // The same, shown to the tap first (also when nobody subscribed); off the hot path.
  template <Event T>
  [[gnu::noinline]] PublishResult deliver_tapped(detail::Channel& channel, detail::ReaderRecord& record,
                                                 Envelope<T>&& envelope) {
    stamp(envelope.metadata, T::kType, options_.clock, options_.source);
    tap_(T::kType, std::any(envelope));
    if (channel.empty()) return {};
    auto fanout = channel.publish(&envelope, record);
    return {fanout.delivered, fanout.rejected};
  }

  BusOptions options_;
  detail::ChannelTable channels_;
  Tap tap_;
};

}  // namespace avx::events
