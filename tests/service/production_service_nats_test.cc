// The production service with AVX_NATS_URL: a test starts its own nats-server, the service relays
// every stored event to the stream (with its origin), another process's subscriber receives it,
// /metrics shows the relay, and readiness follows the connection as the server dies and returns.

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>

#include <avx/events/nats/transport.h>

#include "examples/production_service/shop.avx.h"
#include "tests/service/service_process.h"
#include "tests/support/deadline.h"
#include "tools/dev/nats_server.h"

namespace {

using avx::testing::eventually;
using avx::testing::ServiceProcess;
using examples::shop::OrderPlaced;
using namespace std::chrono_literals;

int status_of(httplib::Client& client, const char* path) {
  auto r = client.Get(path);
  return r ? r->status : 0;
}

TEST(ProductionServiceOverNats, StoredEventsReachTheStreamAndReadinessFollowsTheConnection) {
  avx::dev::NatsServer server;
  auto dir = std::filesystem::path(std::getenv("TEST_TMPDIR")) / "over_nats";
  std::filesystem::create_directories(dir);
  ServiceProcess service(dir, {},
                         {"AVX__HTTP__BIND_ADDR=127.0.0.1:0", "AVX_STORE_URL=" + (dir / "shop.db").string(),
                          "AVX_NATS_URL=" + server.url(), "AVX__SERVICE=shop", "AVX__SHUTDOWN__DEADLINE_MS=20000"});
  const std::string url = service.wait_for_url();
  ASSERT_FALSE(url.empty()) << service.stderr_text();
  httplib::Client client(url);
  EXPECT_EQ(status_of(client, "/ready"), 200);

  // Another service, following the shop's events on the stream.
  avx::events::nats::Options options;
  options.url = server.url();
  auto other = avx::events::nats::Transport::connect(options);
  ASSERT_TRUE(other) << other.error().message();
  avx::events::TypeRegistry types;
  examples::shop::register_types(types);
  std::mutex mutex;
  std::vector<avx::events::Envelope<OrderPlaced>> got;
  auto sub = (*other)->subscribe<OrderPlaced>("examples.shop.*", types, [&](const avx::events::Envelope<OrderPlaced>& e) {
    std::lock_guard lock(mutex);
    got.push_back(e);
  });
  ASSERT_TRUE(sub) << sub.error().message();

  auto placed = client.Post("/commands/place-order", {{"X-User-Id", "ada"}},
                            R"({"order_id":"o-1","user_id":"ada","amount_cents":4200})", "application/json");
  ASSERT_TRUE(placed);
  ASSERT_EQ(placed->status, 200) << placed->body;
  ASSERT_TRUE(eventually([&] { std::lock_guard lock(mutex); return !got.empty(); }, 30s)) << service.stderr_text();
  {
    std::lock_guard lock(mutex);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].event.order_id, "o-1");
    EXPECT_EQ(got[0].metadata.origin.user_id, "ada");
    EXPECT_EQ(got[0].metadata.origin.source, "shop");
    EXPECT_EQ(got[0].metadata.aggregate_id, examples::shop::OrderBase::stream_name("o-1"));
  }
  EXPECT_TRUE(eventually([&] {
    auto metrics = client.Get("/metrics");
    return metrics && metrics->body.find("avx_events_nats_pending{relay=\"shop-relay\"} 0\n") != std::string::npos &&
           metrics->body.find("avx_events_nats_relayed_total{relay=\"shop-relay\"} 1\n") != std::string::npos &&
           metrics->body.find("avx_events_nats_connected 1\n") != std::string::npos;
  }, 30s)) << client.Get("/metrics")->body;

  server.kill();
  EXPECT_TRUE(eventually([&] { return status_of(client, "/ready") == 503; }, 30s));
  auto ready = client.Get("/ready");
  ASSERT_TRUE(ready);
  EXPECT_NE(ready->body.find("not connected to"), std::string::npos) << ready->body;
  server.restart();
  EXPECT_TRUE(eventually([&] { return status_of(client, "/ready") == 200; }, 60s)) << client.Get("/ready")->body;

  service.signal(SIGTERM);
  EXPECT_EQ(service.exit_code(60s), 0) << service.stderr_text();
}

}  // namespace
