#pragma once

// What the NATS transport tests share: a server each test starts, and transports connected to
// it (events to publish: transport_events.h).

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include <avx/events/nats/transport.h>

#include "tests/transports/transport_events.h"
#include "tools/dev/nats_server.h"

namespace avx::testing {

// Options for `server` that give up fast: tests of refusals should not wait out the defaults.
inline avx::events::nats::Options quick_options(const avx::dev::NatsServer& server) {
  using namespace std::chrono_literals;
  avx::events::nats::Options o;
  o.url = server.url();
  o.connect_timeout = 1s;
  o.publish_attempt = 500ms;
  o.publish_deadline = 3s;
  o.on_event = [](const avx::events::nats::ConnectionEvent&) {};  // quiet
  return o;
}

class Nats : public ::testing::Test {
 protected:
  std::unique_ptr<avx::events::nats::Transport> connect(std::chrono::milliseconds publish_deadline = std::chrono::seconds(10),
                                                        std::uint32_t partitions = 0) {
    avx::events::nats::Options o;
    o.url = server.url();
    o.publish_deadline = publish_deadline;
    o.partitions = partitions;
    auto t = avx::events::nats::Transport::connect(o);
    EXPECT_TRUE(t) << t.error().message();
    return std::move(*t);
  }

  avx::dev::NatsServer server;
  avx::events::TypeRegistry registry = orders_registry();
};

}  // namespace avx::testing
