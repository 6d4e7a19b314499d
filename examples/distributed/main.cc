// Two services as processes of their own that talk only through NATS JetStream or Redis Streams:
// this program starts the orders service and two members of the shipping service, places orders
// with request/reply commands, and asks for their status until shipping (sharing the OrderPlaced
// events as a consumer group) has shipped them all. Then it stops the services, which print the
// events they saw.
//
//   bazel run //examples/distributed     # AVX_REDIS_URL=redis://host:6379: over your Redis;
//                                        # else AVX_NATS_URL=nats://host:4222: your NATS server;
//                                        # neither: a local nats-server of its own

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "examples/distributed/services.h"
#include "examples/distributed/shop.avx.h"
#include "examples/distributed/transports.h"
#include "tools/dev/nats_server.h"

extern char** environ;

namespace {

using namespace std::chrono_literals;
using examples::shop::GetOrderStatus;
using examples::shop::PlaceOrder;

// A service process, stopped with SIGTERM (and waited for) when the object goes.
class Service {
 public:
  explicit Service(std::vector<std::string> args) {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, "/proc/self/exe", nullptr, nullptr, argv.data(), environ) != 0) pid_ = -1;
  }
  Service(Service&& other) noexcept : pid_(std::exchange(other.pid_, -1)) {}
  ~Service() { stop(); }

  bool running() const { return pid_ > 0; }
  // Asks it to stop and waits; true when it exited with 0.
  bool stop() {
    if (pid_ <= 0) return false;
    int status = 0;
    kill(pid_, SIGTERM);
    waitpid(std::exchange(pid_, -1), &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }

 private:
  pid_t pid_ = -1;
};

template <class F>
bool eventually(F ready, std::chrono::seconds within) {
  for (auto until = std::chrono::steady_clock::now() + within; std::chrono::steady_clock::now() < until;) {
    if (ready()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return ready();
}

using examples::shop::ViaNats;
using examples::shop::ViaRedis;

template <class Via>
int run_shop(const std::string& url) {
  auto bus = Via::connect(url);
  if (!bus) return std::cerr << bus.error().message() << '\n', 1;
  if constexpr (std::is_same_v<Via, ViaRedis>) std::cout << "Redis: " << (*bus)->url() << std::endl;  // no password

  std::vector<Service> services;
  services.emplace_back(std::vector<std::string>{"distributed", "orders", url});
  services.emplace_back(std::vector<std::string>{"distributed", "shipping", url, "shipping-1"});
  services.emplace_back(std::vector<std::string>{"distributed", "shipping", url, "shipping-2"});
  avx::events::RequestOptions quick;
  quick.timeout = 1s;
  auto orders_up = [&] { return Via::request(**bus, GetOrderStatus{"none"}, quick).has_value(); };
  auto shipping_up = [&] { return Via::group_ready(**bus, "shipping"); };
  if (!eventually(orders_up, 20s) || !eventually(shipping_up, 20s)) return std::cerr << "services did not start\n", 1;

  const std::vector<PlaceOrder> orders = {{"o-1", "ada", 1}, {"o-2", "grace", 3}, {"o-3", "alan", 2},
                                          {"o-4", "edsger", 5}, {"o-5", "barbara", 1}, {"o-6", "ken", 4}};
  avx::events::RequestOptions placing;
  placing.timeout = 5s;
  for (const PlaceOrder& o : orders) {
    placing.correlation_id = "checkout-" + o.order_id;
    auto placed = Via::request(**bus, o, placing);
    std::cout << "place " << o.order_id << " for " << o.customer << ": "
              << (placed ? std::string("ok") : placed.error().message()) << '\n';
  }
  std::size_t shipped = 0;
  for (const PlaceOrder& o : orders) {
    std::string status = "unknown";
    eventually([&] {
      auto s = Via::request(**bus, GetOrderStatus{o.order_id}, quick);
      if (s) status = *s;
      return status == "shipped";
    }, 30s);
    std::cout << o.order_id << ": " << status << '\n';
    shipped += status == "shipped" ? 1 : 0;
  }
  std::cout << std::flush;
  bool clean = true;
  for (Service& s : services) clean = s.stop() && clean;  // each prints what it saw, in turn
  std::cout << shipped << " of " << orders.size() << " orders shipped\n";
  return shipped == orders.size() && clean ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  using examples::shop::is_redis_url;
  const std::string role = argc > 1 ? argv[1] : "";
  if (role == "orders" && argc == 3) {
    examples::shop::block_stop_signals();
    return is_redis_url(argv[2]) ? examples::shop::run_orders<ViaRedis>(argv[2])
                                 : examples::shop::run_orders<ViaNats>(argv[2]);
  }
  if (role == "shipping" && argc == 4) {
    examples::shop::block_stop_signals();
    return is_redis_url(argv[2]) ? examples::shop::run_shipping<ViaRedis>(argv[2], argv[3])
                                 : examples::shop::run_shipping<ViaNats>(argv[2], argv[3]);
  }
  if (argc != 1) {
    return std::cerr << "usage: distributed   (AVX_REDIS_URL: over Redis; else AVX_NATS_URL: the NATS server; "
                        "neither: a local nats-server)\n",
           2;
  }
  if (const char* redis = std::getenv("AVX_REDIS_URL"); redis != nullptr && *redis != '\0') {
    return run_shop<ViaRedis>(redis);
  }
  std::optional<avx::dev::NatsServer> local;
  const char* env = std::getenv("AVX_NATS_URL");
  const std::string url = env != nullptr && *env != '\0' ? env : local.emplace().url();
  std::cout << "NATS: " << url << (local ? " (a local nats-server, started for this run)" : "") << std::endl;
  return run_shop<ViaNats>(url);
}
