#include "avx/events/service/nats_instruments.h"

namespace avx::events::service {

metrics::CollectorHandle export_relay(metrics::Registry& registry, std::string name, const nats::Relay& relay,
                                      EventStore& store, const nats::Transport& transport) {
  return registry.add_collector([name = std::move(name), &relay, &store, &transport](
                                    std::vector<metrics::MetricFamily>& out) {
    const nats::RelayStats stats = relay.stats();
    const metrics::Labels labels{{"relay", name}};
    auto head = store.head_position();
    metrics::MetricFamily pending{"avx_events_nats_pending",
                                  "Events stored and not yet acknowledged by the NATS stream, by relay.",
                                  metrics::MetricType::kGauge,
                                  {}};
    // Without the head (the store is unreachable) the gauge is left out rather than made up.
    if (head) pending.add(labels, static_cast<double>(*head > stats.last ? *head - stats.last : 0));
    out.push_back(std::move(pending));
    metrics::MetricFamily relayed{"avx_events_nats_relayed_total", "Events the relay stored in the NATS stream.",
                                  metrics::MetricType::kCounter,
                                  {}};
    relayed.add(labels, static_cast<double>(stats.published));
    out.push_back(std::move(relayed));
    metrics::MetricFamily connected{"avx_events_nats_connected", "1 while connected to a NATS server, else 0.",
                                    metrics::MetricType::kGauge,
                                    {}};
    connected.add({}, transport.connected() ? 1.0 : 0.0);
    out.push_back(std::move(connected));
  });
}

}  // namespace avx::events::service
