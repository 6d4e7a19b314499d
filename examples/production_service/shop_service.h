#pragma once

// The shop service, wired from the pieces a production service needs: the event store named by
// the configuration (SQLite by default, PostgreSQL for a postgresql:// URL), the CQRS buses and
// the domain's handlers, a projection, a receipt mailer as a durable subscription with retries and
// dead letters, an asynchronous audit log, the HTTP API with /health, /ready and /metrics, JSON
// logs, and a graceful stop.

#include <memory>
#include <string>

#include <spdlog/logger.h>

#include <avx/events/service_config.h>

#include "avx/events/result.h"

namespace examples::shop {

class ShopService {
 public:
  // Opens the store, starts the subscriptions and serves HTTP on config.http_bind_addr.
  static avx::events::Result<std::unique_ptr<ShopService>> start(const avx::events::service::ServiceConfig& config,
                                                                 std::shared_ptr<spdlog::logger> log);
  ~ShopService();

  // "http://127.0.0.1:8080": where the service listens (the port it got when asked for 0).
  std::string url() const;

  // The graceful stop: /ready answers 503, new commands are refused, in-flight commands, the
  // receipt mailer and the audit queue drain within the configured deadline, checkpoints are
  // saved and the store closed. True when everything drained in time.
  bool stop(const std::string& reason);

  struct Parts;

 private:
  explicit ShopService(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace examples::shop
