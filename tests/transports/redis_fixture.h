#pragma once

// What the Redis transport tests share: a server each test starts, and transports connected to
// it (events to publish: transport_events.h).

#include <chrono>
#include <memory>

#include <gtest/gtest.h>

#include <avx/events/redis/transport.h>

#include "tests/transports/transport_events.h"
#include "tools/dev/redis_server.h"

namespace avx::testing {

class Redis : public ::testing::Test {
 protected:
  std::unique_ptr<avx::events::redis::Transport> connect(
      std::chrono::milliseconds publish_deadline = std::chrono::seconds(10)) {
    avx::events::redis::Options o;
    o.url = server.url();
    o.publish_deadline = publish_deadline;
    auto t = avx::events::redis::Transport::connect(o);
    EXPECT_TRUE(t) << t.error().message();
    return t ? std::move(*t) : nullptr;
  }
  // Quick to notice new topics: tests should not wait out the default.
  static avx::events::redis::ConsumeOptions quick() {
    avx::events::redis::ConsumeOptions o;
    o.discover_every = std::chrono::milliseconds(50);
    return o;
  }

  avx::dev::RedisServer server;
  avx::events::TypeRegistry registry = orders_registry();
};

}  // namespace avx::testing
