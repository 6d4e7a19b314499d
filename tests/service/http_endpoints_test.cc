// /health, /ready and /metrics served on a free port, asked over real HTTP.

#include "avx/events/http_endpoints.h"

#include <atomic>
#include <stdexcept>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

namespace avx::events::service {
namespace {

using nlohmann::json;

class Endpoints : public ::testing::Test {
 protected:
  void start() {
    auto started = http.start("127.0.0.1:0");
    ASSERT_TRUE(started) << started.error().message();
    ASSERT_GT(http.port(), 0);
    client = std::make_unique<httplib::Client>("127.0.0.1", http.port());
  }
  httplib::Result get(const std::string& path) {
    auto result = client->Get(path.c_str());
    EXPECT_TRUE(result) << path;
    return result;
  }

  metrics::Registry registry;
  HttpEndpoints http{registry};
  std::unique_ptr<httplib::Client> client;
};

TEST_F(Endpoints, HealthIsHealthyWithItsChecks) {
  http.add_health_check("event-loop", [] { return CheckResult{true, ""}; });
  start();
  auto r = get("/health");
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(json::parse(r->body), json::parse(R"({"status":"healthy","checks":[{"name":"event-loop","status":"pass"}]})"));
}

TEST_F(Endpoints, AFailingOrThrowingHealthCheckAnswers503) {
  http.add_health_check("ok", [] { return CheckResult{true, ""}; });
  http.add_health_check("disk", [] { return CheckResult{false, "read-only"}; });
  http.add_health_check("boom", []() -> CheckResult { throw std::runtime_error("exploded"); });
  start();
  auto r = get("/health");
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(json::parse(r->body), json::parse(R"({"status":"unhealthy","checks":[
      {"name":"ok","status":"pass"},
      {"name":"disk","status":"fail","detail":"read-only"},
      {"name":"boom","status":"fail","detail":"exploded"}]})"));
}

TEST_F(Endpoints, ReadyFollowsItsChecksAndDraining) {
  std::atomic<bool> store_up{true};
  http.add_readiness_check("store", [&] { return CheckResult{store_up.load(), store_up ? "" : "unreachable"}; });
  start();
  auto r = get("/ready");
  EXPECT_EQ(r->status, 200);
  json body = json::parse(r->body);
  EXPECT_EQ(body["ready"], true);
  EXPECT_TRUE(body["uptime_seconds"].is_number_integer());
  EXPECT_EQ(body.size(), 2u);

  store_up = false;
  r = get("/ready");
  EXPECT_EQ(r->status, 503);
  body = json::parse(r->body);
  EXPECT_EQ(body["ready"], false);
  EXPECT_EQ(body["checks"], json::parse(R"([{"name":"store","status":"fail","detail":"unreachable"}])"));

  store_up = true;
  http.set_draining();
  r = get("/ready");
  EXPECT_EQ(r->status, 503);
  body = json::parse(r->body);
  EXPECT_EQ(body["ready"], false);
  EXPECT_EQ(body["draining"], true);
  EXPECT_EQ(get("/health")->status, 200);  // draining is not dead
}

TEST_F(Endpoints, MetricsServeTheRegistryAndCountRequests) {
  registry.counter("avx_events_published_total", "Events published.", {{"event_type", "shop.OrderPlaced"}}).add(3);
  start();
  get("/health");
  get("/health");
  EXPECT_EQ(get("/nowhere")->status, 404);
  auto r = get("/metrics");
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = r->body;
  EXPECT_NE(text.find("# TYPE avx_events_published_total counter\n"
                      "avx_events_published_total{event_type=\"shop.OrderPlaced\"} 3\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("avx_http_requests_total{path=\"/health\",status=\"200\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("avx_http_requests_total{path=\"other\",status=\"404\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("avx_http_request_duration_seconds_count{path=\"/health\"} 2\n"), std::string::npos) << text;
  // This scrape is counted after it was written.
  EXPECT_EQ(text.find("path=\"/metrics\""), std::string::npos);
  EXPECT_NE(get("/metrics")->body.find("avx_http_requests_total{path=\"/metrics\",status=\"200\"} 1\n"),
            std::string::npos);
}

TEST_F(Endpoints, ARoute503IsCountedOnceUnderItsPath) {
  http.add_readiness_check("never", [] { return CheckResult{false, ""}; });
  start();
  get("/ready");
  std::string text = get("/metrics")->body;
  EXPECT_NE(text.find("avx_http_requests_total{path=\"/ready\",status=\"503\"} 1\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("path=\"other\""), std::string::npos) << text;
}

TEST_F(Endpoints, ServiceRoutesTakeBodiesAndHeadersAndAThrowingRouteAnswers500) {
  http.add_post("/echo", [](const avx::events::service::HttpRequest& request) {
    return HttpResponse{201, "got " + request.body() + " from " + request.header("x-user-id"), "text/plain"};
  });
  http.add_get("/boom", [](const avx::events::service::HttpRequest&) -> HttpResponse { throw std::runtime_error("no"); });
  start();
  auto r = client->Post("/echo", {{"X-User-Id", "user-7"}}, "hi", "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, "got hi from user-7");
  auto anonymous = client->Post("/echo", "hi", "text/plain");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->body, "got hi from ");
  auto boom = get("/boom");
  EXPECT_EQ(boom->status, 500);
  EXPECT_EQ(json::parse(boom->body), json::parse(R"({"error":"no"})"));
}

TEST_F(Endpoints, BadOrBusyAddressesAreClearErrors) {
  start();
  metrics::Registry other_registry;
  HttpEndpoints other(other_registry);
  auto busy = other.start("127.0.0.1:" + std::to_string(http.port()));
  ASSERT_FALSE(busy);
  EXPECT_NE(busy.error().message().find("cannot listen on 127.0.0.1:"), std::string::npos) << busy.error().message();
  HttpEndpoints third(other_registry);
  auto bad = third.start("127.0.0.1");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(), "bind address '127.0.0.1': expected host:port, e.g. 0.0.0.0:8080");
}

TEST_F(Endpoints, StopEndsServing) {
  start();
  http.stop();
  httplib::Client late("127.0.0.1", http.port());
  late.set_connection_timeout(1, 0);
  EXPECT_FALSE(late.Get("/health"));
}

}  // namespace
}  // namespace avx::events::service
