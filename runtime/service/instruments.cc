#include "avx/events/instruments.h"

#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>

namespace avx::events::service {
namespace {

using metrics::MetricFamily;
using metrics::MetricType;

MetricFamily family(const char* name, const char* help, MetricType type) { return {name, help, type, {}}; }

// avx_events_published_total from a bus's published_counts().
template <class Bus>
metrics::CollectorHandle export_published(metrics::Registry& registry, const Bus& bus) {
  return registry.add_collector([&bus](std::vector<MetricFamily>& out) {
    auto published = family("avx_events_published_total", "Events published on the in-process bus, by type.",
                            MetricType::kCounter);
    for (const auto& count : bus.published_counts()) {
      published.add({{"event_type", std::string(count.event_type)}}, static_cast<double>(count.count));
    }
    out.push_back(std::move(published));
  });
}

}  // namespace

metrics::CollectorHandle export_bus(metrics::Registry& registry, const EventBus& bus) {
  return export_published(registry, bus);
}

metrics::CollectorHandle export_bus(metrics::Registry& registry, const TopicBus& bus) {
  return export_published(registry, bus);
}

metrics::CollectorHandle export_durable(metrics::Registry& registry, std::string name,
                                        const DurableSubscription& subscription) {
  return registry.add_collector([name = std::move(name), &subscription](std::vector<MetricFamily>& out) {
    DurableStats stats = subscription.stats();
    metrics::Labels labels{{"subscription", name}};
    auto lag = family("avx_events_subscription_lag_events", "Events stored and not yet handled, by subscription.",
                      MetricType::kGauge);
    lag.add(labels, static_cast<double>(stats.catch_up.lag));
    out.push_back(std::move(lag));
    auto parked = family("avx_events_dead_lettered_total", "Events parked in the dead-letter store, by subscription.",
                         MetricType::kCounter);
    parked.add(labels, static_cast<double>(stats.guard ? stats.guard->parked : 0));
    out.push_back(std::move(parked));
  });
}

metrics::CollectorHandle export_async(metrics::Registry& registry, std::string name, const Subscription& subscription) {
  return registry.add_collector([name = std::move(name), &subscription](std::vector<MetricFamily>& out) {
    SubscriptionStats stats = subscription.stats();
    metrics::Labels labels{{"subscription", name}};
    auto depth = family("avx_events_subscriber_queue_depth", "Events waiting in an asynchronous subscriber's queue.",
                        MetricType::kGauge);
    depth.add(labels, static_cast<double>(stats.queued));
    out.push_back(std::move(depth));
    auto dropped = family("avx_events_subscriber_dropped_total", "Events a full subscriber queue dropped.",
                          MetricType::kCounter);
    dropped.add(labels, static_cast<double>(stats.dropped));
    out.push_back(std::move(dropped));
  });
}

namespace {

// One message type's instruments, looked up in the registry once.
struct DispatchMeters {
  metrics::Counter* success;
  metrics::Counter* failure;
  metrics::Histogram* duration;
};

// The instruments by message type: a shared lock to find them, the registry only the first time.
class DispatchMeterCache {
 public:
  explicit DispatchMeterCache(metrics::Registry& registry) : registry_(registry) {}

  const DispatchMeters& of(MessageKind kind, std::string_view type) {
    {
      std::shared_lock lock(mutex_);
      if (auto it = by_type_.find(type); it != by_type_.end()) return it->second;
    }
    std::string kind_name = kind == MessageKind::kCommand ? "command" : "query";
    std::string type_name(type);
    auto counter = [&](const char* outcome) {
      return &registry_.counter("avx_events_dispatched_total", "Commands and queries dispatched, by type and outcome.",
                                {{"kind", kind_name}, {"type", type_name}, {"outcome", outcome}});
    };
    DispatchMeters meters{counter("success"), counter("failure"),
                          &registry_.histogram("avx_events_dispatch_duration_seconds",
                                               "Time a command or query took, by type.",
                                               {{"kind", kind_name}, {"type", type_name}})};
    std::unique_lock lock(mutex_);
    // Keyed by the type's name, kept here: M::kType is static, but this map must not rely on it.
    auto [it, added] = by_type_.try_emplace(type_name, meters);
    return it->second;
  }

 private:
  metrics::Registry& registry_;
  std::shared_mutex mutex_;
  std::map<std::string, DispatchMeters, std::less<>> by_type_;  // node-based: references stay valid
};

}  // namespace

Middleware dispatch_meters(metrics::Registry& registry) {
  auto cache = std::make_shared<DispatchMeterCache>(registry);
  return [cache](const Dispatch& d, const Next& next) -> Status {
    auto start = std::chrono::steady_clock::now();
    Status status = next();
    const DispatchMeters& meters = cache->of(d.kind, d.type);
    (status ? meters.success : meters.failure)->add();
    meters.duration->observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return status;
  };
}

HandlerMeters::HandlerMeters(metrics::Registry& registry, const std::string& subscription)
    : success(registry.counter("avx_events_handled_total", "Handler calls, by subscription and outcome.",
                               {{"subscription", subscription}, {"outcome", "success"}})),
      failure(registry.counter("avx_events_handled_total", "Handler calls, by subscription and outcome.",
                               {{"subscription", subscription}, {"outcome", "failure"}})),
      duration(registry.histogram("avx_events_handler_duration_seconds", "Time a handler call took, by subscription.",
                                  {{"subscription", subscription}})) {}

MeteredEventStore::MeteredEventStore(EventStore& inner, metrics::Registry& registry, const std::string& backend)
    : inner_(inner),
      append_duration_(registry.histogram("avx_events_store_append_duration_seconds",
                                          "Time an append to the event store took (committed, or refused).",
                                          {{"backend", backend}})),
      append_failures_(registry.counter("avx_events_store_append_failures_total",
                                        "Appends the store refused or failed (conflicts included).",
                                        {{"backend", backend}})) {}

Result<AppendResult> MeteredEventStore::append(std::string_view stream, ExpectedVersion expected,
                                               std::span<const EventData> events) {
  auto start = std::chrono::steady_clock::now();
  auto result = inner_.append(stream, expected, events);
  append_duration_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (!result) append_failures_.add();
  return result;
}

}  // namespace avx::events::service
