#include "examples/production_service/shop_service.h"

#include <unistd.h>

#include <asio/thread_pool.hpp>

#include <avx/events.h>
#include <avx/events/http_endpoints.h>
#include <avx/events/instruments.h>
#include <avx/events/open_store.h>
#include <avx/events/work_gate.h>

#include "examples/production_service/domain.h"
#include "examples/production_service/http_api.h"
#include "examples/production_service/shop_parts.h"

namespace examples::shop {

using avx::events::Result;
namespace service = avx::events::service;

ShopService::ShopService(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

ShopService::~ShopService() {
  if (parts_ && !parts_->stopped) stop("destroyed");
}

std::string ShopService::url() const {
  std::string host = parts_->config.http_bind_addr.substr(0, parts_->config.http_bind_addr.rfind(':'));
  if (host == "0.0.0.0" || host == "[::]") host = "127.0.0.1";
  return "http://" + host + ":" + std::to_string(parts_->http.port());
}

Result<std::unique_ptr<ShopService>> ShopService::start(const service::ServiceConfig& config,
                                                        std::shared_ptr<spdlog::logger> log) {
  auto started_at = std::chrono::steady_clock::now();
  auto parts = std::make_unique<Parts>(config, std::move(log));
  if (auto opened = parts->open_store(); !opened) return avx::events::Unexpected{opened.error()};
  if (auto routed = parts->route_messages(); !routed) return avx::events::Unexpected{routed.error()};
  if (auto subscribed = parts->subscribe(); !subscribed) return avx::events::Unexpected{subscribed.error()};
  if (auto connected = parts->connect_nats(); !connected) return avx::events::Unexpected{connected.error()};
  parts->add_checks();
  parts->add_nats_check();
  add_api_routes(parts->http, parts->commands, parts->queries, parts->gate, parts->config.service);
  if (auto serving = parts->http.start(config.http_bind_addr); !serving) {
    return avx::events::Unexpected{serving.error()};
  }
  std::unique_ptr<ShopService> shop(new ShopService(std::move(parts)));
  shop->parts_->announce_start(shop->url(), std::chrono::steady_clock::now() - started_at);
  return shop;
}

bool ShopService::stop(const std::string& reason) {
  if (parts_->stopped) return true;
  parts_->stopped = true;
  return parts_->drain(reason);
}

}  // namespace examples::shop
