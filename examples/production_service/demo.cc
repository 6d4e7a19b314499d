#include "examples/production_service/demo.h"

#include <chrono>
#include <sstream>
#include <thread>

#include <httplib.h>

namespace examples::shop {
namespace {

struct Step {
  const char* what;
  const char* path;
  std::string body;
  int expected;
};

// Lines of a /metrics page that name one of `families`, without comments.
std::string metric_lines(const std::string& page, std::initializer_list<const char*> families) {
  std::istringstream in(page);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    for (const char* family : families) {
      if (line.rfind(family, 0) == 0) out += "  " + line + "\n";
    }
  }
  return out;
}

}  // namespace

bool run_demo(const std::string& url, std::ostream& out) {
  httplib::Client client(url);
  client.set_read_timeout(10, 0);
  // Order ids unique to this run, so that a second run against the same store places new orders.
  std::string run = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
  auto order = [&](int n) { return "\"order_id\":\"o-" + run + "-" + std::to_string(n) + "\""; };
  std::vector<Step> steps = {
      {"ada places an order of 42.00", "/commands/place-order", "{" + order(1) + ",\"user_id\":\"ada\",\"amount_cents\":4200}", 200},
      {"ada places an order of 13.50", "/commands/place-order", "{" + order(2) + ",\"user_id\":\"ada\",\"amount_cents\":1350}", 200},
      {"grace places an order of 7.00", "/commands/place-order", "{" + order(3) + ",\"user_id\":\"grace\",\"amount_cents\":700}", 200},
      {"grace places an order of 2500.00 (its receipt will fail)", "/commands/place-order",
       "{" + order(4) + ",\"user_id\":\"grace\",\"amount_cents\":250000}", 200},
      {"ada cancels her second order", "/commands/cancel-order", "{" + order(2) + ",\"reason\":\"changed her mind\"}", 200},
      {"ada places her first order again", "/commands/place-order", "{" + order(1) + ",\"user_id\":\"ada\",\"amount_cents\":4200}", 409},
      {"a command that is not JSON", "/commands/place-order", "{oops", 400},
      {"ada's open orders", "/queries/user-orders", R"({"user_id":"ada"})", 200},
      {"grace's open orders", "/queries/user-orders", R"({"user_id":"grace"})", 200},
  };
  bool ok = true;
  out << "demo against " << url << "\n";
  for (const auto& step : steps) {
    auto r = client.Post(step.path, step.body, "application/json");
    int status = r ? r->status : 0;
    bool as_expected = status == step.expected;
    ok = ok && as_expected;
    out << "  " << (as_expected ? "ok  " : "FAIL") << " " << step.what << ": " << status << " "
        << (r ? r->body : httplib::to_string(r.error())) << "\n";
  }
  // The receipt of the large order fails three times, then waits in the dead-letter queue.
  std::string page;
  for (int i = 0; i < 200; ++i) {
    auto m = client.Get("/metrics");
    page = m ? m->body : "";
    if (page.find("avx_events_dead_lettered_total{subscription=\"receipts\"} 1\n") != std::string::npos &&
        page.find("avx_events_subscription_lag_events{subscription=\"receipts\"} 0\n") != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  out << "metrics (" << url << "/metrics), a few of them:\n"
      << metric_lines(page, {"avx_events_published_total", "avx_events_handled_total", "avx_events_dead_lettered_total",
                             "avx_events_subscription_lag_events", "avx_events_dispatched_total",
                             "avx_http_requests_total"});
  auto ready = client.Get("/ready");
  out << "readiness: " << (ready ? std::to_string(ready->status) + " " + ready->body : "no answer") << "\n";
  ok = ok && ready && ready->status == 200;
  out << (ok ? "demo finished: every answer as expected; stopping as on SIGTERM\n"
             : "demo FAILED: see the lines marked FAIL\n");
  return ok;
}

}  // namespace examples::shop
