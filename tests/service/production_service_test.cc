// The production service example, run as users run it: a process on a free port, asked over
// HTTP, configured by file and environment, stopped with SIGTERM.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <avx/events/open_store.h>

#include "examples/production_service/shop.avx.h"
#include "tests/service/service_process.h"

namespace {

using avx::testing::ServiceProcess;
using nlohmann::json;
using namespace std::chrono_literals;

class ProductionService : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  std::string store() const { return (dir_ / "shop.db").string(); }
  std::vector<std::string> env() const {
    return {"AVX__HTTP__BIND_ADDR=127.0.0.1:0", "AVX_STORE_URL=" + store(), "AVX__SHUTDOWN__DEADLINE_MS=20000",
            "AVX__SERVICE=shop"};
  }
  static void expect_json_lines(const std::string& text) {
    std::istringstream in(text);
    int lines = 0;
    for (std::string line; std::getline(in, line); ++lines) {
      EXPECT_TRUE(json::accept(line)) << "not JSON: " << line;
    }
    EXPECT_GT(lines, 0);
  }
  std::filesystem::path dir_;
};

std::string place(const std::string& id, const std::string& user, int cents) {
  return json{{"order_id", id}, {"user_id", user}, {"amount_cents", cents}}.dump();
}

TEST_F(ProductionService, ServesHealthReadinessMetricsAndTheApiThenStopsOnSigterm) {
  ServiceProcess service(dir_, {}, env());
  std::string url = service.wait_for_url();
  ASSERT_FALSE(url.empty()) << service.stderr_text();
  httplib::Client client(url);

  auto health = client.Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(json::parse(health->body), json::parse(R"({"status":"healthy","checks":[{"name":"receipts","status":"pass"}]})"));
  auto ready = client.Get("/ready");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  EXPECT_EQ(json::parse(ready->body)["ready"], true);

  auto before = client.Get("/metrics");
  ASSERT_TRUE(before);
  EXPECT_EQ(before->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(before->body.find("avx_events_published_total{event_type=\"examples.shop.OrderPlaced\"} 0\n"),
            std::string::npos)
      << before->body;

  auto placed = client.Post("/commands/place-order", {{"X-User-Id", "ada"}, {"X-Request-Id", "req-1"}},
                            place("o-1", "ada", 4200), "application/json");
  ASSERT_TRUE(placed);
  EXPECT_EQ(placed->status, 200) << placed->body;
  auto bad_user = client.Post("/commands/place-order", {{"X-User-Id", "line\tbreak"}}, place("o-2", "ada", 1),
                              "application/json");
  ASSERT_TRUE(bad_user);
  EXPECT_EQ(bad_user->status, 400) << bad_user->body;
  // A request id no store could keep (nor a NATS header carry): refused before the command runs.
  auto bad_request_id = client.Post("/commands/place-order", {{"X-Request-Id", "r\x01q"}}, place("o-3", "ada", 1),
                                    "application/json");
  ASSERT_TRUE(bad_request_id);
  EXPECT_EQ(bad_request_id->status, 400) << bad_request_id->body;
  EXPECT_NE(bad_request_id->body.find("X-Request-Id"), std::string::npos) << bad_request_id->body;
  auto again = client.Post("/commands/place-order", place("o-1", "ada", 4200), "application/json");
  EXPECT_EQ(again->status, 409);
  auto bad = client.Post("/commands/place-order", "{\"order_id\":", "application/json");
  EXPECT_EQ(bad->status, 400);
  auto orders = client.Post("/queries/user-orders", R"({"user_id":"ada"})", "application/json");
  ASSERT_TRUE(orders);
  EXPECT_EQ(json::parse(orders->body), json::parse(R"({"user_id":"ada","open_orders":1,"total_cents":"4200"})"));

  std::string after = client.Get("/metrics")->body;
  EXPECT_NE(after.find("avx_events_published_total{event_type=\"examples.shop.OrderPlaced\"} 1\n"), std::string::npos)
      << after;
  EXPECT_NE(after.find("avx_events_dispatched_total{kind=\"command\",type=\"examples.shop.PlaceOrder\",outcome=\"success\"} 1\n"),
            std::string::npos);
  EXPECT_NE(after.find("avx_http_requests_total{path=\"/commands/place-order\",status=\"409\"} 1\n"), std::string::npos);
  EXPECT_NE(after.find("avx_events_store_append_duration_seconds_count{backend=\"sqlite\"}"), std::string::npos);

  service.signal(SIGTERM);
  EXPECT_EQ(service.exit_code(30s), 0) << service.stderr_text();
  std::string log = service.stderr_text();
  expect_json_lines(log);
  EXPECT_NE(log.find("\"message\":\"ServiceStarted "), std::string::npos);
  EXPECT_NE(log.find("\"message\":\"ServiceStopping "), std::string::npos);
  EXPECT_NE(log.find("stopped (SIGTERM): everything drained"), std::string::npos) << log;

  // Who placed the order, from where, in the request's correlation: stored with its event.
  auto opened = avx::events::open_store(store());
  ASSERT_TRUE(opened) << opened.error().message();
  auto all = (*opened)->read_all(1, 1000);
  ASSERT_TRUE(all);
  int found = 0;
  for (const auto& e : *all) {
    if (e.type != examples::shop::OrderPlaced::kType) continue;
    ++found;
    EXPECT_EQ(e.origin.user_id, "ada");
    EXPECT_EQ(e.origin.source, "shop");
    EXPECT_EQ(e.correlation_id, "req-1");
  }
  EXPECT_EQ(found, 1);
}

// Clients keep placing orders while SIGTERM arrives: every order the service answered 200 for is
// in the store afterwards, and the service exits 0.
TEST_F(ProductionService, NothingAcknowledgedIsLostWhenSigtermArrivesDuringLoad) {
  ServiceProcess service(dir_, {}, env());
  std::string url = service.wait_for_url();
  ASSERT_FALSE(url.empty()) << service.stderr_text();
  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::atomic<int> refused{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client client(url);
      for (int i = 0; !stop; ++i) {
        std::string id = "o-" + std::to_string(c) + "-" + std::to_string(i);
        auto r = client.Post("/commands/place-order", place(id, "user-" + std::to_string(c), 100 + i), "application/json");
        if (!r) break;  // the server is gone
        if (r->status == 200) {
          std::lock_guard lock(mutex);
          acknowledged.insert(id);
        } else {
          refused.fetch_add(1);
        }
      }
    });
  }
  auto until = std::chrono::steady_clock::now() + 60s;
  auto acknowledged_count = [&] {
    std::lock_guard lock(mutex);
    return acknowledged.size();
  };
  while (acknowledged_count() < 50 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(1ms);
  service.signal(SIGTERM);
  auto code = service.exit_code(60s);
  stop = true;
  for (auto& c : clients) c.join();
  ASSERT_EQ(code, 0) << service.stderr_text();
  expect_json_lines(service.stderr_text());
  EXPECT_GE(acknowledged.size(), 50u) << refused.load() << " refused; the log:\n" << service.stderr_text();

  auto opened = avx::events::open_store(store());
  ASSERT_TRUE(opened) << opened.error().message();
  std::set<std::string> stored;
  auto all = (*opened)->read_all(1, 1000000);
  ASSERT_TRUE(all);
  for (const auto& e : *all) {
    if (e.type != examples::shop::OrderPlaced::kType) continue;
    auto placed = avx::events::decode<examples::shop::OrderPlaced>(e.payload);
    ASSERT_TRUE(placed);
    stored.insert(placed->order_id);
  }
  for (const auto& id : acknowledged) EXPECT_TRUE(stored.count(id)) << id << " was acknowledged but not stored";
}

TEST_F(ProductionService, TheDemoRunsAgainstItselfAndExitsZero) {
  ServiceProcess service(dir_, {"--demo"}, {"AVX_STORE_URL=" + store()});
  ASSERT_EQ(service.exit_code(120s), 0) << service.stdout_text() << service.stderr_text();
  std::string out = service.stdout_text();
  EXPECT_NE(out.find("demo finished: every answer as expected"), std::string::npos) << out;
  EXPECT_NE(out.find("/metrics"), std::string::npos);
  EXPECT_NE(out.find("avx_events_dead_lettered_total{subscription=\"receipts\"} 1"), std::string::npos) << out;
  expect_json_lines(service.stderr_text());
}

TEST_F(ProductionService, PrintConfigShowsFileAndEnvironmentPrecedence) {
  std::filesystem::path file = dir_ / "avx.toml";
  std::ofstream(file) << "stack = \"shop\"\nenv = \"staging\"\n[events]\nchannel_size = 64\n";
  ServiceProcess service(dir_, {"--config", file.string(), "--print-config"}, {"AVX__ENV=prod"});
  ASSERT_EQ(service.exit_code(30s), 0) << service.stderr_text();
  std::string out = service.stdout_text();
  EXPECT_NE(out.find("stack = \"shop\"  # " + file.string() + ":1:9\n"), std::string::npos) << out;
  EXPECT_NE(out.find("env = \"prod\"  # AVX__ENV\n"), std::string::npos) << out;
  EXPECT_NE(out.find("channel_size = 64  # " + file.string() + ":4:16\n"), std::string::npos) << out;
  EXPECT_NE(out.find("layer = \"app\"  # default\n"), std::string::npos) << out;
}

TEST_F(ProductionService, BadConfigurationIsAClearErrorAndExit2) {
  std::filesystem::path file = dir_ / "avx.toml";
  std::ofstream(file) << "[http]\nbind_addr = \"nowhere\"\n";
  ServiceProcess service(dir_, {"--config", file.string()}, {"AVX_EVENTS__CHANNEL_SIZE=-1"});
  ASSERT_EQ(service.exit_code(30s), 2);
  std::string err = service.stderr_text();
  EXPECT_NE(err.find(file.string() + ":2:13: http.bind_addr: expected host:port"), std::string::npos) << err;
  EXPECT_NE(err.find("AVX_EVENTS__CHANNEL_SIZE: expected an integer of at least 1, got -1"), std::string::npos) << err;
}

TEST_F(ProductionService, AnAddressInUseIsAClearErrorAndExit1) {
  ServiceProcess first(dir_, {}, env());
  std::string url = first.wait_for_url();
  ASSERT_FALSE(url.empty()) << first.stderr_text();
  std::string port = url.substr(url.rfind(':') + 1);
  std::filesystem::create_directories(dir_ / "second");
  ServiceProcess second(dir_ / "second", {},
                        {"AVX__HTTP__BIND_ADDR=127.0.0.1:" + port, "AVX_STORE_URL=" + (dir_ / "second.db").string()});
  ASSERT_EQ(second.exit_code(30s), 1);
  EXPECT_NE(second.stderr_text().find("cannot listen on 127.0.0.1:" + port), std::string::npos) << second.stderr_text();
  expect_json_lines(second.stderr_text());
}

}  // namespace
