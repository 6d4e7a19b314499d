// The production service example on PostgreSQL: AVX_STORE_URL names a server this test started;
// orders placed over HTTP are in that database after a SIGTERM stop, and the metrics say which
// backend served them.

#include <set>
#include <string>

#include <gtest/gtest.h>
#include <httplib.h>

#include <avx/events/open_store.h>

#include "examples/production_service/shop.avx.h"
#include "tests/service/service_process.h"
#include "tools/dev/postgres_server.h"

namespace {

using namespace std::chrono_literals;

TEST(ProductionServiceOnPostgres, StoresOrdersInTheServerAvxStoreUrlNames) {
  avx::dev::PostgresServer server;
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "pg_service";
  std::filesystem::create_directories(dir);
  {
    avx::testing::ServiceProcess service(dir, {}, {"AVX__HTTP__BIND_ADDR=127.0.0.1:0", "AVX_STORE_URL=" + server.url()});
    std::string url = service.wait_for_url();
    ASSERT_FALSE(url.empty()) << service.stderr_text();
    httplib::Client client(url);
    for (int i = 0; i < 5; ++i) {
      std::string body = R"({"order_id":"pg-)" + std::to_string(i) + R"(","user_id":"ada","amount_cents":100})";
      auto r = client.Post("/commands/place-order", body, "application/json");
      ASSERT_TRUE(r);
      ASSERT_EQ(r->status, 200) << r->body;
    }
    auto metrics = client.Get("/metrics");
    ASSERT_TRUE(metrics);
    EXPECT_NE(metrics->body.find("avx_events_store_append_duration_seconds_count{backend=\"postgres\"} 5\n"),
              std::string::npos)
        << metrics->body;
    EXPECT_EQ(client.Get("/ready")->status, 200);
    service.signal(SIGTERM);
    ASSERT_EQ(service.exit_code(60s), 0) << service.stderr_text();
  }
  auto store = avx::events::open_store(server.url());
  ASSERT_TRUE(store) << store.error().message();
  auto all = (*store)->read_all(1, 100);
  ASSERT_TRUE(all);
  std::set<std::string> orders;
  for (const auto& e : *all) {
    if (e.type != examples::shop::OrderPlaced::kType) continue;
    auto placed = avx::events::decode<examples::shop::OrderPlaced>(e.payload);
    ASSERT_TRUE(placed);
    orders.insert(placed->order_id);
  }
  EXPECT_EQ(orders, (std::set<std::string>{"pg-0", "pg-1", "pg-2", "pg-3", "pg-4"}));
}

}  // namespace
