#pragma once

// The HTTP face of a service, on cpp-httplib: /health (liveness), /ready (readiness), /metrics
// (Prometheus text), and the service's own routes. Every request is counted and timed in
// avx_http_requests_total{path,status} and avx_http_request_duration_seconds{path}; the path
// label is the route, or "other" for unknown paths, so that it stays low-cardinality.
//
//   service::HttpEndpoints http(registry);
//   http.add_readiness_check("store", [&] { return check_store(*store); });
//   if (auto started = http.start("0.0.0.0:8080"); !started) { ... }
//   ...
//   http.set_draining();  // on SIGTERM: /ready answers 503 while work drains
//
// Checks and routes run on the server's threads, several at once.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "avx/events/metrics_registry.h"
#include "avx/events/result.h"

namespace httplib {
class Server;
}

namespace avx::events::service {

struct CheckResult {
  bool ok = true;
  std::string detail;  // why not, shown in the response
};
using Check = std::function<CheckResult()>;

struct HttpResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
};
// What a route sees of a request.
class HttpRequest {
 public:
  HttpRequest(const std::string& body, std::function<std::string(std::string_view)> header)
      : body_(body), header_(std::move(header)) {}
  const std::string& body() const { return body_; }
  // The value of the request header `name` (any case), or empty when absent.
  std::string header(std::string_view name) const { return header_(name); }

 private:
  const std::string& body_;
  std::function<std::string(std::string_view)> header_;
};

// A route's handler: the request in, the response out. Exceptions answer 500.
using Route = std::function<HttpResponse(const HttpRequest& request)>;

class HttpEndpoints {
 public:
  explicit HttpEndpoints(metrics::Registry& registry);
  ~HttpEndpoints();  // stops serving
  HttpEndpoints(const HttpEndpoints&) = delete;
  HttpEndpoints& operator=(const HttpEndpoints&) = delete;

  // Before start(). /health fails (503) while a health check fails; /ready while a readiness
  // check fails or the service drains.
  void add_health_check(std::string name, Check check);
  void add_readiness_check(std::string name, Check check);
  void add_get(std::string path, Route route);
  void add_post(std::string path, Route route);

  // Binds `bind_addr` (host:port; port 0 picks a free one) and serves on a thread of its own.
  // Fails when the address cannot be bound.
  Status start(std::string_view bind_addr);
  int port() const { return port_; }

  // From now on /ready answers 503 {"ready":false,...,"draining":true}.
  void set_draining() { draining_.store(true); }
  bool draining() const { return draining_.load(); }

  // Stops accepting and waits for the server thread (requests in progress finish first).
  void stop();

 private:
  void install_routes();
  HttpResponse health() const;
  HttpResponse ready() const;
  void count(const std::string& path, int status, std::chrono::steady_clock::duration took);

  metrics::Registry& registry_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::atomic<bool> draining_{false};
  int port_ = 0;
  std::chrono::steady_clock::time_point started_;
  std::vector<std::pair<std::string, Check>> health_checks_;
  std::vector<std::pair<std::string, Check>> readiness_checks_;
};

}  // namespace avx::events::service
