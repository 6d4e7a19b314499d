// The relay as a process of its own, for the crash test: relays an SQLite store's events to NATS
// until killed. Usage: relay_main DB URL
#include <cstdio>
#include <thread>

#include <avx/events/nats/relay.h>
#include <avx/events/sqlite.h>

#include "tests/schemas/orders.avx.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: relay_main DB URL\n");
    return 2;
  }
  auto store = avx::events::open_sqlite_store(argv[1]);
  avx::events::nats::Options options;
  options.url = argv[2];
  auto transport = avx::events::nats::Transport::connect(options);
  if (!store || !transport) {
    std::fprintf(stderr, "relay_main: %s\n",
                 (!store ? store.error() : transport.error()).message().c_str());
    return 1;
  }
  avx::events::TypeRegistry registry;
  tests::orders::register_types(registry);
  auto relay = avx::events::nats::Relay::start(**store, **transport, registry, {.name = "relay", .checkpoint_every = 10});
  if (!relay) {
    std::fprintf(stderr, "relay_main: %s\n", relay.error().message().c_str());
    return 1;
  }
  std::puts("relaying");
  std::fflush(stdout);
  while (true) std::this_thread::sleep_for(std::chrono::seconds(1));  // until SIGKILL
}
