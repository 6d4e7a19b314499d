#include "avx/events/http_endpoints.h"

#include <utility>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "avx/events/prometheus_text.h"
#include "runtime/service/internal/bind_address.h"

// ThreadSanitizer and cpp-httplib: Debian ships httplib compiled into libcpp-httplib.so, which
// TSan builds cannot instrument, so TSan misses the synchronization inside it and reports the
// memory its worker threads hand over as races. TSan's rule is that all code be instrumented;
// where a system library cannot be, its calls are suppressed. TSan builds only; defined here so
// that every binary serving HTTP links it.
#if defined(__SANITIZE_THREAD__)
extern "C" const char* __tsan_default_suppressions() { return "called_from_lib:libcpp-httplib.so\n"; }
#endif

namespace avx::events::service {
namespace {

using Json = nlohmann::ordered_json;

// Set by our route handlers, read by the error handler that httplib calls afterwards on the same
// thread for every status >= 400, so that a route's own 503 is not counted twice.
thread_local bool routed = false;

HttpResponse json_response(int status, const Json& body) {
  return {status, body.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n", "application/json"};
}

// Runs every check; a check that throws fails with the exception's text.
Json run_checks(const std::vector<std::pair<std::string, Check>>& checks, bool& all_ok) {
  Json out = Json::array();
  for (const auto& [name, check] : checks) {
    CheckResult result;
    try {
      result = check();
    } catch (const std::exception& e) {
      result = {false, e.what()};
    }
    all_ok = all_ok && result.ok;
    Json item{{"name", name}, {"status", result.ok ? "pass" : "fail"}};
    if (!result.detail.empty()) item["detail"] = result.detail;
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

HttpEndpoints::HttpEndpoints(metrics::Registry& registry)
    : registry_(registry), server_(std::make_unique<httplib::Server>()), started_(std::chrono::steady_clock::now()) {}

HttpEndpoints::~HttpEndpoints() { stop(); }

void HttpEndpoints::add_health_check(std::string name, Check check) {
  health_checks_.emplace_back(std::move(name), std::move(check));
}

void HttpEndpoints::add_readiness_check(std::string name, Check check) {
  readiness_checks_.emplace_back(std::move(name), std::move(check));
}

void HttpEndpoints::count(const std::string& path, int status, std::chrono::steady_clock::duration took) {
  registry_.counter("avx_http_requests_total", "HTTP requests served, by route and status.",
                    {{"path", path}, {"status", std::to_string(status)}})
      .add();
  registry_.histogram("avx_http_request_duration_seconds", "Time to serve an HTTP request, by route.", {{"path", path}})
      .observe(std::chrono::duration<double>(took).count());
}

namespace {

void add_route(httplib::Server& server, bool post, const std::string& path, Route route,
               std::function<void(const std::string&, int, std::chrono::steady_clock::duration)> count) {
  auto handler = [path, route = std::move(route), count = std::move(count)](const httplib::Request& request,
                                                                             httplib::Response& response) {
    auto start = std::chrono::steady_clock::now();
    HttpResponse out;
    try {
      out = route(HttpRequest(request.body, [&request](std::string_view name) {
        return request.get_header_value(std::string(name).c_str());
      }));
    } catch (const std::exception& e) {
      out = json_response(500, Json{{"error", e.what()}});
    }
    response.status = out.status;
    response.set_content(out.body, out.content_type.c_str());
    routed = true;
    count(path, out.status, std::chrono::steady_clock::now() - start);
  };
  if (post) {
    server.Post(path, std::move(handler));
  } else {
    server.Get(path, std::move(handler));
  }
}

}  // namespace

void HttpEndpoints::add_get(std::string path, Route route) {
  add_route(*server_, false, path, std::move(route), [this](auto&&... a) { count(a...); });
}

void HttpEndpoints::add_post(std::string path, Route route) {
  add_route(*server_, true, path, std::move(route), [this](auto&&... a) { count(a...); });
}

HttpResponse HttpEndpoints::health() const {
  bool ok = true;
  Json checks = run_checks(health_checks_, ok);
  return json_response(ok ? 200 : 503, Json{{"status", ok ? "healthy" : "unhealthy"}, {"checks", std::move(checks)}});
}

HttpResponse HttpEndpoints::ready() const {
  auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_).count();
  bool draining = draining_.load();
  bool ok = !draining;
  Json checks = run_checks(readiness_checks_, ok);
  Json body{{"ready", ok}, {"uptime_seconds", uptime}};
  if (draining) body["draining"] = true;
  if (!ok) body["checks"] = std::move(checks);
  return json_response(ok ? 200 : 503, body);
}

void HttpEndpoints::install_routes() {
  add_get("/health", [this](const HttpRequest&) { return health(); });
  add_get("/ready", [this](const HttpRequest&) { return ready(); });
  add_get("/metrics", [this](const HttpRequest&) {
    return HttpResponse{200, metrics::to_prometheus_text(registry_.collect()),
                        std::string(metrics::kPrometheusContentType)};
  });
  server_->set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    routed = false;
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server_->set_error_handler([this](const httplib::Request&, httplib::Response& response) {
    // httplib calls this for every status >= 400: our routes counted theirs already. Unknown
    // paths (404) and methods (405) are counted under one label value.
    if (std::exchange(routed, false)) return;
    if (response.body.empty()) {
      std::string error = response.status == 404 ? "no such path" : "status " + std::to_string(response.status);
      response.set_content(Json{{"error", error}}.dump() + "\n", "application/json");
    }
    count("other", response.status, std::chrono::steady_clock::duration::zero());
  });
}

Status HttpEndpoints::start(std::string_view bind_addr) {
  auto address = detail::parse_bind_address(bind_addr);
  if (!address) {
    return unexpected(Errc::kInvalidArgument,
                      "bind address '" + std::string(bind_addr) + "': " + address.error().message());
  }
  // httplib's default sets SO_REUSEPORT, which lets a second instance bind the same port and take
  // half the traffic unnoticed. SO_REUSEADDR alone still allows a quick restart (TIME_WAIT).
  server_->set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  install_routes();
  if (address->port == 0) {
    port_ = server_->bind_to_any_port(address->host);
  } else {
    port_ = server_->bind_to_port(address->host, address->port) ? address->port : -1;
  }
  if (port_ <= 0) {
    return unexpected(Errc::kUnavailable, "cannot listen on " + std::string(bind_addr) +
                                              " (address in use, or not an address of this machine)");
  }
  auto exited = std::make_shared<std::atomic<bool>>(false);
  thread_ = std::thread([this, exited] {
    server_->listen_after_bind();
    exited->store(true);
  });
  // httplib's stop() does nothing before the accept loop runs: wait for it, so that stop() after
  // start() always stops.
  while (!server_->is_running() && !exited->load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return {};
}

void HttpEndpoints::stop() {
  if (!thread_.joinable()) return;
  server_->stop();
  thread_.join();
}

}  // namespace avx::events::service
