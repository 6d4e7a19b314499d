#pragma once

// The NATS side of a service, measured (beside instruments.h):
//
//   avx_events_nats_pending{relay}          events stored and not yet acknowledged by the stream
//                                           (the store's head minus the relay's last position)
//   avx_events_nats_relayed_total{relay}    events the relay stored in the stream
//   avx_events_nats_connected               1 while the client is connected to a server, else 0
//
// The handle must be dropped before the relay, store or transport dies.

#include <string>

#include "avx/events/metrics_registry.h"
#include "avx/events/nats/relay.h"
#include "avx/events/nats/transport.h"
#include "avx/events/store.h"

namespace avx::events::service {

[[nodiscard]] metrics::CollectorHandle export_relay(metrics::Registry& registry, std::string name,
                                                    const nats::Relay& relay, EventStore& store,
                                                    const nats::Transport& transport);

}  // namespace avx::events::service
