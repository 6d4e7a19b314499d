#include "examples/production_service/shop_parts.h"

#include <unistd.h>

#include <avx/events/open_store.h>

namespace examples::shop {

using avx::events::Errc;
using avx::events::Status;
using avx::events::unexpected;
namespace service = avx::events::service;
namespace system = avx::system;

namespace {

std::string host_name() {
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

}  // namespace

ShopService::Parts::Parts(service::ServiceConfig c, std::shared_ptr<spdlog::logger> l)
    : config(std::move(c)),
      host(host_name()),
      identity{config.service, "1.0.0", host + ":" + std::to_string(getpid()), config.env},
      log(std::move(l)) {}

Status ShopService::Parts::open_store() {
  auto opened = avx::events::open_store(config.store_url);
  if (!opened) return unexpected(Errc::kUnavailable, "cannot open the store: " + opened.error().message());
  backend = std::move(*opened);
  auto dead = avx::events::open_dead_letters(config.store_url);
  if (!dead) return unexpected(Errc::kUnavailable, "cannot open the dead letters: " + dead.error().message());
  letters = std::move(*dead);
  std::string kind = avx::events::is_postgres_url(config.store_url) ? "postgres" : "sqlite";
  store = std::make_unique<service::MeteredEventStore>(*backend, registry, kind);
  orders = std::make_unique<avx::events::Repository<Order>>(*store, &bus);
  log->info("store {} opened: {} events so far", avx::events::redacted_url(config.store_url),
            head_or_zero(*store));
  return {};
}

Status ShopService::Parts::route_messages() {
  commands.use(avx::events::logging_middleware([this](std::string_view line) { log->debug("{}", line); }));
  commands.use(service::dispatch_meters(registry));
  queries.use(service::dispatch_meters(registry));
  for (Status routed : {route(commands, place, *orders), route(commands, cancel, *orders), route(queries, projection)}) {
    if (!routed) return routed;
  }
  return {};
}

Status ShopService::Parts::subscribe() {
  // The read model lives in memory: rebuild it from the store, then follow the bus. Nothing is
  // published in between: the HTTP API starts after this.
  for (std::uint64_t from = 1;;) {
    auto page = store->read_all(from, 512);
    if (!page) return unexpected(Errc::kUnavailable, "cannot read the store: " + page.error().message());
    if (page->empty()) break;
    for (const auto& e : *page) {
      if (Status s = deliver(projection, e); !s) log->warn("projection skips event #{}: {}", e.position, s.error().message());
    }
    from = page->back().position + 1;
  }
  subscriptions = examples::shop::subscribe(bus, projection);
  // System events go to the log as they happen.
  subscriptions.push_back(bus.subscribe<system::ServiceStarted>([this](const auto& e) {
    log->info("ServiceStarted {}", avx::events::to_json(e.event));
  }));
  subscriptions.push_back(bus.subscribe<system::ServiceStopping>([this](const auto& e) {
    log->info("ServiceStopping {}", avx::events::to_json(e.event));
  }));
  subscriptions.push_back(bus.subscribe<system::HealthCheckPerformed>([this](const auto& e) {
    log->debug("HealthCheckPerformed {}", avx::events::to_json(e.event));
  }));
  audit = bus.subscribe<OrderPlaced>(
      service::metered(registry, "audit",
                       [this](const avx::events::Envelope<OrderPlaced>& e) {
                         audited.fetch_add(1);
                         log->debug("audit: order {} placed by {}", e.event.order_id, e.event.user_id);
                       }),
      avx::events::SubscribeOptions{avx::events::AsyncDelivery{audit_pool.get_executor(), config.channel_size}});
  std::size_t count = subscriptions.size() + 2;
  if (count > config.max_subscribers) {
    return unexpected(Errc::kFailedPrecondition, "the service needs " + std::to_string(count) +
                                                     " subscriptions; events.max_subscribers is " +
                                                     std::to_string(config.max_subscribers));
  }
  auto handler = service::metered(registry, "receipts", [this](const avx::events::RecordedEvent& e) {
    return deliver(mailer, e);
  });
  auto started = avx::events::DurableSubscription::start(
      *store, handler,
      {.name = "receipts",
       .dead_letters = letters.get(),
       .policy = {.max_attempts = 3, .initial_backoff = std::chrono::milliseconds(20)}});
  if (!started) return unexpected(Errc::kUnavailable, "cannot start the receipt mailer: " + started.error().message());
  receipts = std::move(*started);
  exports.push_back(service::export_bus(registry, bus));
  exports.push_back(service::export_durable(registry, "receipts", *receipts));
  exports.push_back(service::export_async(registry, "audit", audit));
  return {};
}

void ShopService::Parts::add_checks() {
  http.add_health_check("receipts", [this] {
    auto stats = receipts->stats();
    service::CheckResult result{!stats.catch_up.error.has_value(),
                                stats.catch_up.error ? stats.catch_up.error->message() : ""};
    auto now = avx::events::now();
    bus.publish(system::HealthCheckPerformed{
        identity, result.ok ? system::HealthStatus::HEALTHY : system::HealthStatus::UNHEALTHY, now,
        {system::CheckResult{"receipts", result.ok ? system::HealthStatus::HEALTHY : system::HealthStatus::UNHEALTHY,
                             {}, result.ok ? std::nullopt : std::optional<std::string>(result.detail)}}});
    return result;
  });
  http.add_readiness_check("store", [this] {
    auto head = store->head_position();
    return service::CheckResult{head.has_value(), head ? "" : head.error().message()};
  });
  http.add_readiness_check("receipts", [this] {
    auto lag = receipts->stats().catch_up.lag;
    return service::CheckResult{lag <= config.ready_max_lag,
                                lag <= config.ready_max_lag ? "" : std::to_string(lag) + " events behind"};
  });
}

void ShopService::Parts::announce_start(const std::string& url, std::chrono::steady_clock::duration startup) {
  bus.publish(system::ServiceStarted{identity, avx::events::now(), host, getpid(),
                                     std::chrono::duration_cast<avx::events::Duration>(startup), std::nullopt});
  log->info("listening on {} (/health, /ready, /metrics, /commands/..., /queries/...)", url);
}

}  // namespace examples::shop
