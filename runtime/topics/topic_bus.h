#pragma once

// TopicBus: publish by topic, subscribe by pattern (SCHEMA.md section 2).
//
// Typed subscribers get Envelope<T> for events of type T published on a matching topic (an event
// is published on its T::kTopic). Raw subscribers get every matching event as a RawEnvelope with
// the Cap'n Proto payload, encoded once per publish; transports and bridges use them, and feed
// events back with publish_raw, which typed subscribers receive decoded.
//
// Routing: a trie of patterns, and a bounded cache of topic -> subscribers cleared whenever the
// subscriptions change. Every typed publish is counted per event type, routed or not, as on the
// EventBus (published_counts(): a plain add to a counter of the publishing thread's).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "avx/events/codec.h"
#include "avx/events/delivery.h"
#include "avx/events/detail/channel_table.h"
#include "avx/events/detail/topic_router.h"
#include "avx/events/detail/type_id.h"
#include "avx/events/detail/typed_slots.h"
#include "avx/events/envelope.h"
#include "avx/events/subscription.h"
#include "avx/events/topic.h"

namespace avx::events {

class TopicBus {
 public:
  using RawHandler = std::function<void(const RawEnvelope&)>;

  TopicBus() : TopicBus(BusOptions{}) {}
  explicit TopicBus(BusOptions options);
  TopicBus(const TopicBus&) = delete;
  TopicBus& operator=(const TopicBus&) = delete;

  // Fails on an invalid pattern, naming the segment and why.
  template <Event T, class F>
  Result<Subscription> subscribe(std::string_view pattern, F&& handler, SubscribeOptions options = {}) {
    static_assert(std::is_invocable_v<F&, const Envelope<T>&>,
                  "the handler must be callable with const Envelope<T>&");
    detail::Route route;
    route.type_id = detail::type_id<T>();
    route.slot = detail::make_slot<Envelope<T>>(std::forward<F>(handler), std::move(options));
    route.deliver_raw = [slot = route.slot.get()](const RawEnvelope& raw) -> bool {
      if (raw.type != T::kType) return true;  // another event type on the same topic
      // Bytes of another version of T's schema would decode into the wrong fields: refused (read
      // stored events through a TypeRegistry, which upcasts, before publishing them raw).
      if (raw.schema_version != T::kVersion) return false;
      auto event = decode<T>(raw.payload);
      if (!event) return false;
      Envelope<T> envelope{std::move(*event), raw.metadata};
      envelope.metadata.event_type = T::kType;
      return slot->deliver(&envelope, detail::this_thread_record());
    };
    return router_->add(pattern, std::move(route));
  }

  Result<Subscription> subscribe_raw(std::string_view pattern, RawHandler handler,
                                     SubscribeOptions options = {});

  template <Event T>
  PublishResult publish(T event, Metadata metadata = detail::fresh_metadata()) {
    detail::ReaderRecord& record = detail::this_thread_record();
    count_published<T>(record);
    auto routes = router_->routes_for(T::kTopic);
    if (routes->empty()) return {};
    Envelope<T> envelope{std::move(event), std::move(metadata)};
    stamp(envelope.metadata, T::kType, options_.clock, options_.source);
    const std::size_t id = detail::type_id<T>();
    std::unique_ptr<RawEnvelope> raw;  // encoded on first need
    PublishResult result;
    detail::Delivery delivery(record, reading_);
    for (const auto& route : *routes) {
      const void* message = nullptr;
      if (route->type_id == id) {
        message = &envelope;
      } else if (route->type_id == detail::kRawRoute) {
        if (!raw) raw = std::make_unique<RawEnvelope>(to_raw(envelope));
        message = raw.get();
      } else {
        continue;
      }
      if (!delivery.call(*route->slot)) continue;
      (route->slot->deliver(message, record) ? result.delivered : result.rejected) += 1;
    }
    return result;
  }

  // Fails on an invalid topic. Typed subscribers receive the decoded event; a payload that does
  // not decode, or whose schema_version is not their type's kVersion, counts as rejected for
  // them. Raw subscribers receive everything.
  Result<PublishResult> publish_raw(const RawEnvelope& envelope);

  std::size_t subscription_count() const { return router_->size(); }

  // How many events of each type this bus published with publish<T> (routed or not), by kType.
  // publish_raw feeds events received from elsewhere: not counted.
  std::vector<PublishedCount> published_counts() const { return counts_.published_counts(); }

 private:
  // The counter of T's publishes: a channel of the table that nobody subscribes to.
  template <Event T>
  void count_published(detail::ReaderRecord& record) {
    (void)counts_.counted(detail::type_id<T>(), T::kType, record);
  }

  template <Event T>
  static RawEnvelope to_raw(const Envelope<T>& envelope) {
    RawEnvelope raw;
    raw.topic = T::kTopic;
    raw.type = T::kType;
    raw.schema_version = T::kVersion;
    raw.payload = encode(envelope.event);
    raw.metadata = envelope.metadata;
    raw.metadata.event_type = {};  // RawEnvelope::type is the owning copy
    return raw;
  }

  BusOptions options_;
  std::shared_ptr<detail::TopicRouter> router_;
  // What publishers announce they read (the routes are shared pointers: nothing waits for it).
  detail::Tracked reading_;
  detail::ChannelTable counts_;
};

}  // namespace avx::events
