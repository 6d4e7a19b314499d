#pragma once

// What the shop service is made of, in the order it is built (and the reverse of the order it is
// torn down), with the steps that build and stop it.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <asio/thread_pool.hpp>
#include <spdlog/logger.h>

#include <avx/events.h>
#include <avx/events/http_endpoints.h>
#include <avx/events/instruments.h>
#include <avx/events/metrics_registry.h>
#include <avx/events/nats/relay.h>
#include <avx/events/nats/transport.h>
#include <avx/events/service_config.h>
#include <avx/events/work_gate.h>

#include "examples/production_service/domain.h"
#include "examples/production_service/shop_service.h"
#include "schemas/avx/system.avx.h"

namespace examples::shop {

// The store's head position, 0 when it cannot be read (the readiness check reports that).
inline std::uint64_t head_or_zero(avx::events::EventStore& store) {
  auto head = store.head_position();
  return head ? *head : 0;
}

struct ShopService::Parts {
  Parts(avx::events::service::ServiceConfig config, std::shared_ptr<spdlog::logger> log);

  avx::events::Status open_store();
  avx::events::Status route_messages();
  avx::events::Status subscribe();
  avx::events::Status connect_nats();  // shop_nats.cc; nothing without a NATS URL
  void add_checks();
  void add_nats_check();
  bool drain_relay(std::chrono::steady_clock::time_point deadline);
  void announce_start(const std::string& url, std::chrono::steady_clock::duration startup);
  bool drain(const std::string& reason);

  avx::events::service::ServiceConfig config;
  std::string host;                  // gethostname, once
  avx::system::ServiceRef identity;  // this instance, in every system event
  std::shared_ptr<spdlog::logger> log;
  avx::events::metrics::Registry registry;

  std::unique_ptr<avx::events::EventStore> backend;
  std::unique_ptr<avx::events::service::MeteredEventStore> store;
  std::unique_ptr<avx::events::DeadLetterStore> letters;

  avx::events::EventBus bus{avx::events::BusOptions{.source = config.service}};
  std::unique_ptr<avx::events::Repository<Order>> orders;
  avx::events::CommandBus commands;
  avx::events::QueryBus queries;
  PlaceOrderHandling place;
  CancelOrderHandling cancel;
  UserOrdersProjection projection;
  ReceiptMailer mailer;

  std::vector<avx::events::Subscription> subscriptions;  // projection, system-event log
  asio::thread_pool audit_pool{1};
  avx::events::Subscription audit;  // asynchronous: its own queue of channel_size events
  std::atomic<std::uint64_t> audited{0};
  std::unique_ptr<avx::events::DurableSubscription> receipts;
  // With a NATS URL: every stored event goes out on the stream, through the relay.
  avx::events::TypeRegistry types;
  std::unique_ptr<avx::events::nats::Transport> transport;
  std::unique_ptr<avx::events::nats::Relay> relay;
  std::vector<avx::events::metrics::CollectorHandle> exports;

  avx::events::service::WorkGate gate;
  avx::events::service::HttpEndpoints http{registry};
  bool stopped = false;
};

}  // namespace examples::shop
