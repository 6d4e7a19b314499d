#include "avx/events/instruments.h"

namespace avx::events::service {
namespace {

using metrics::MetricFamily;
using metrics::MetricType;

MetricFamily family(const char* name, const char* help, MetricType type) { return {name, help, type, {}}; }

}  // namespace

metrics::CollectorHandle export_bus(metrics::Registry& registry, const EventBus& bus) {
  return registry.add_collector([&bus](std::vector<MetricFamily>& out) {
    auto published = family("avx_events_published_total", "Events published on the in-process bus, by type.",
                            MetricType::kCounter);
    for (const auto& count : bus.published_counts()) {
      published.add({{"event_type", std::string(count.event_type)}}, static_cast<double>(count.count));
    }
    out.push_back(std::move(published));
  });
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

Middleware dispatch_meters(metrics::Registry& registry) {
  return [&registry](const Dispatch& d, const Next& next) -> Status {
    auto start = std::chrono::steady_clock::now();
    Status status = next();
    std::string kind = d.kind == MessageKind::kCommand ? "command" : "query";
    std::string type(d.type);
    registry
        .counter("avx_events_dispatched_total", "Commands and queries dispatched, by type and outcome.",
                 {{"kind", kind}, {"type", type}, {"outcome", status ? "success" : "failure"}})
        .add();
    registry
        .histogram("avx_events_dispatch_duration_seconds", "Time a command or query took, by type.",
                   {{"kind", kind}, {"type", type}})
        .observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
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
