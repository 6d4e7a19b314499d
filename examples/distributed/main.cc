// Two services as processes of their own that talk only through NATS JetStream: this program
// starts the orders service and two members of the shipping service, places orders with
// request/reply commands, and asks for their status until shipping (sharing the OrderPlaced
// events as a consumer group) has shipped them all. Then it stops the services, which print the
// events they saw.
//
//   bazel run //examples/distributed     # AVX_NATS_URL=nats://host:4222 to use your server;
//                                        # unset, it starts a local nats-server of its own

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <avx/events/nats/request_reply.h>
#include <avx/events/nats/transport.h>

#include "examples/distributed/services.h"
#include "examples/distributed/shop.avx.h"
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

int run_shop(const std::string& url) {
  avx::events::nats::Options options;
  options.url = url;
  auto nats = avx::events::nats::Transport::connect(options);
  if (!nats) return std::cerr << nats.error().message() << '\n', 1;
  if (auto stream = (*nats)->ensure_stream({"shop.**"}); !stream) return std::cerr << stream.error().message() << '\n', 1;

  std::vector<Service> services;
  services.emplace_back(std::vector<std::string>{"distributed", "orders", url});
  services.emplace_back(std::vector<std::string>{"distributed", "shipping", url, "shipping-1"});
  services.emplace_back(std::vector<std::string>{"distributed", "shipping", url, "shipping-2"});
  avx::events::RequestOptions quick;
  quick.timeout = 1s;
  auto orders_up = [&] { return avx::events::nats::request(**nats, GetOrderStatus{"none"}, quick).has_value(); };
  auto shipping_up = [&] {
    auto lag = (*nats)->lag("shipping");
    return lag && lag->size() == 1 && (*lag)[0].consumers == 1;  // the group's durable consumer exists
  };
  if (!eventually(orders_up, 20s) || !eventually(shipping_up, 20s)) return std::cerr << "services did not start\n", 1;

  const std::vector<PlaceOrder> orders = {{"o-1", "ada", 1}, {"o-2", "grace", 3}, {"o-3", "alan", 2},
                                          {"o-4", "edsger", 5}, {"o-5", "barbara", 1}, {"o-6", "ken", 4}};
  avx::events::RequestOptions placing;
  placing.timeout = 5s;
  for (const PlaceOrder& o : orders) {
    placing.correlation_id = "checkout-" + o.order_id;
    auto placed = avx::events::nats::request(**nats, o, placing);
    std::cout << "place " << o.order_id << " for " << o.customer << ": "
              << (placed ? std::string("ok") : placed.error().message()) << '\n';
  }
  std::size_t shipped = 0;
  for (const PlaceOrder& o : orders) {
    std::string status = "unknown";
    eventually([&] {
      auto s = avx::events::nats::request(**nats, GetOrderStatus{o.order_id}, quick);
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
  const std::string role = argc > 1 ? argv[1] : "";
  if (role == "orders" && argc == 3) {
    examples::shop::block_stop_signals();
    return examples::shop::run_orders(argv[2]);
  }
  if (role == "shipping" && argc == 4) {
    examples::shop::block_stop_signals();
    return examples::shop::run_shipping(argv[2], argv[3]);
  }
  if (argc != 1) return std::cerr << "usage: distributed   (AVX_NATS_URL: the server; unset, a local one)\n", 2;

  std::optional<avx::dev::NatsServer> local;
  const char* env = std::getenv("AVX_NATS_URL");
  const std::string url = env != nullptr && *env != '\0' ? env : local.emplace().url();
  std::cout << "NATS: " << url << (local ? " (a local nats-server, started for this run)" : "") << std::endl;
  return run_shop(url);
}
