// The shop over NATS, when a NATS URL is configured (AVX_NATS_URL, or nats_url in avx.toml): every
// event the store commits goes out on the JetStream stream through a relay (an outbox), so other
// services follow examples.shop.* without sharing the database. Readiness includes the
// connection; /metrics shows the events not yet in the stream (avx_events_nats_pending).

#include <thread>

#include <avx/events/open_store.h>
#include <avx/events/service/nats_instruments.h>

#include "examples/production_service/shop_parts.h"

namespace examples::shop {

using avx::events::Errc;
using avx::events::Status;
using avx::events::unexpected;
namespace nats = avx::events::nats;
namespace service = avx::events::service;

Status ShopService::Parts::connect_nats() {
  if (config.nats_url.empty()) return {};
  const std::string where = avx::events::redacted_url(config.nats_url);
  nats::Options options;
  options.url = config.nats_url;
  options.on_event = [log = log](const nats::ConnectionEvent& e) {
    log->warn("nats {} ({}) {}", nats::to_string(e.kind), avx::events::redacted_url(e.url), e.detail);
  };
  auto connected = nats::Transport::connect(std::move(options));
  if (!connected) return unexpected(Errc::kUnavailable, "cannot connect to NATS: " + connected.error().message());
  transport = std::move(*connected);
  if (auto stream = transport->ensure_stream({"examples.shop.**"}); !stream) {
    return unexpected(Errc::kUnavailable, "cannot set up the NATS stream: " + stream.error().message());
  }
  register_types(types);
  nats::RelayOptions relay_options;
  relay_options.name = "shop-relay";
  auto started = nats::Relay::start(*store, *transport, types, relay_options);
  if (!started) return unexpected(Errc::kUnavailable, "cannot start the NATS relay: " + started.error().message());
  relay = std::move(*started);
  exports.push_back(service::export_relay(registry, relay_options.name, *relay, *store, *transport));
  log->info("relaying stored events to NATS at {}", where);
  return {};
}

void ShopService::Parts::add_nats_check() {
  if (!transport) return;
  http.add_readiness_check("nats", [this] {
    if (!transport->connected()) {
      return service::CheckResult{false, "not connected to " + avx::events::redacted_url(transport->url())};
    }
    auto stats = relay->stats();
    return service::CheckResult{!stats.error, stats.error ? "relay stopped: " + stats.error->message() : ""};
  });
}

bool ShopService::Parts::drain_relay(std::chrono::steady_clock::time_point deadline) {
  if (!relay) return true;
  const std::uint64_t head = head_or_zero(*store);
  while (relay->stats().last < head && !relay->stats().error && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const bool relayed = relay->stats().last >= head;
  if (!relayed) log->warn("{} stored events were not yet in the NATS stream at the stop", head - relay->stats().last);
  relay->stop();  // saves its checkpoint: the next start resends only what the stream may lack
  return relayed;
}

}  // namespace examples::shop
