#pragma once

// The runtime's parts, measured: what a service puts on /metrics.
//
//   avx_events_published_total{event_type}            export_bus (EventBus's or TopicBus's published_counts)
//   avx_events_handled_total{subscription,outcome}     metered(...) around a handler
//   avx_events_handler_duration_seconds{subscription}  metered(...)
//   avx_events_dead_lettered_total{subscription}       export_durable (parked letters)
//   avx_events_subscription_lag_events{subscription}   export_durable (head - delivered)
//   avx_events_subscriber_queue_depth{subscription}    export_async (an async subscriber's queue)
//   avx_events_store_append_duration_seconds{backend}  MeteredEventStore around a store
//   avx_events_dispatched_total{kind,type,outcome}     dispatch_meters() on a command/query bus
//   avx_events_dispatch_duration_seconds{kind,type}    dispatch_meters()
//
// Labels are low-cardinality by construction: event types, subscription names, outcomes and
// backends, never ids or topics. An export's handle must be dropped before what it reads dies.

#include <chrono>
#include <exception>
#include <string>
#include <type_traits>
#include <utility>

#include "avx/events/bus.h"
#include "avx/events/cqrs/dispatch.h"
#include "avx/events/durable_subscription.h"
#include "avx/events/metrics_registry.h"
#include "avx/events/store.h"
#include "avx/events/subscription.h"
#include "avx/events/topic_bus.h"

namespace avx::events::service {

[[nodiscard]] metrics::CollectorHandle export_bus(metrics::Registry& registry, const EventBus& bus);
[[nodiscard]] metrics::CollectorHandle export_bus(metrics::Registry& registry, const TopicBus& bus);
[[nodiscard]] metrics::CollectorHandle export_durable(metrics::Registry& registry, std::string name,
                                                      const DurableSubscription& subscription);
[[nodiscard]] metrics::CollectorHandle export_async(metrics::Registry& registry, std::string name,
                                                    const Subscription& subscription);

// Middleware for a CommandBus or QueryBus: counts and times every dispatch by message type.
Middleware dispatch_meters(metrics::Registry& registry);

// A handler's outcome counters and duration histogram, created once.
struct HandlerMeters {
  HandlerMeters(metrics::Registry& registry, const std::string& subscription);
  metrics::Counter& success;
  metrics::Counter& failure;
  metrics::Histogram& duration;
};

// Wraps `handler` (any signature): each call is timed and counted as a success, or as a failure
// when it throws (rethrown) or returns a failed Status/Result.
template <class F>
auto metered(metrics::Registry& registry, const std::string& subscription, F handler) {
  auto meters = std::make_shared<HandlerMeters>(registry, subscription);
  return [meters, handler = std::move(handler)](auto&&... args) mutable {
    auto start = std::chrono::steady_clock::now();
    auto record = [&](bool ok) {
      (ok ? meters->success : meters->failure).add();
      meters->duration.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    };
    using R = decltype(handler(std::forward<decltype(args)>(args)...));
    try {
      if constexpr (std::is_void_v<R>) {
        handler(std::forward<decltype(args)>(args)...);
        record(true);
      } else {
        R result = handler(std::forward<decltype(args)>(args)...);
        if constexpr (std::is_constructible_v<bool, const R&>) {
          record(static_cast<bool>(result));
        } else {
          record(true);
        }
        return result;
      }
    } catch (...) {
      record(false);
      throw;
    }
  };
}

// An EventStore that times every append (avx_events_store_append_duration_seconds{backend}) and
// forwards everything to `inner`.
class MeteredEventStore final : public EventStore {
 public:
  MeteredEventStore(EventStore& inner, metrics::Registry& registry, const std::string& backend);

  Result<AppendResult> append(std::string_view stream, ExpectedVersion expected,
                              std::span<const EventData> events) override;
  Status read_stream_into(std::string_view stream, std::uint64_t from, std::size_t max_count, Direction direction,
                          EventPage& page) override {
    return inner_.read_stream_into(stream, from, max_count, direction, page);
  }
  Status read_all_into(std::uint64_t from, std::size_t max_count, EventPage& page) override {
    return inner_.read_all_into(from, max_count, page);
  }
  Result<std::uint64_t> stream_version(std::string_view stream) override { return inner_.stream_version(stream); }
  Result<std::uint64_t> head_position() override { return inner_.head_position(); }
  Result<std::vector<StreamInfo>> streams(std::string_view after, std::size_t max_count) override {
    return inner_.streams(after, max_count);
  }
  Status save_snapshot(const Snapshot& snapshot) override { return inner_.save_snapshot(snapshot); }
  Result<std::optional<Snapshot>> load_snapshot(std::string_view stream) override {
    return inner_.load_snapshot(stream);
  }
  Status save_checkpoint(std::string_view name, std::uint64_t position) override {
    return inner_.save_checkpoint(name, position);
  }
  Result<std::uint64_t> load_checkpoint(std::string_view name) override { return inner_.load_checkpoint(name); }
  std::uint64_t add_commit_listener(CommitListener listener) override {
    return inner_.add_commit_listener(std::move(listener));
  }
  void remove_commit_listener(std::uint64_t id) override { inner_.remove_commit_listener(id); }

 private:
  EventStore& inner_;
  metrics::Histogram& append_duration_;
  metrics::Counter& append_failures_;
};

}  // namespace avx::events::service
