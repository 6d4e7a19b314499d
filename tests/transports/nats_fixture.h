#pragma once

// What the NATS transport tests share: a server each test starts, transports connected to it,
// and raw or typed events to publish.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include <avx/events/nats/transport.h>

#include "tests/schemas/orders.avx.h"
#include "tools/dev/nats_server.h"

namespace avx::testing {

inline avx::events::TypeRegistry orders_registry() {
  avx::events::TypeRegistry r;
  tests::orders::register_types(r);
  return r;
}

inline tests::orders::OrderPlaced order(std::string id) {
  tests::orders::OrderPlaced o;
  o.order_id = std::move(id);
  o.customer_id = "c-1";
  o.total = {1250, tests::orders::Currency::EUR};
  o.note = "ring twice";
  return o;
}

// A raw envelope on `topic`, stamped, with `payload` as its bytes.
inline avx::events::RawEnvelope raw(std::string topic, std::string payload = "x") {
  avx::events::RawEnvelope e;
  e.topic = std::move(topic);
  e.type = "tests.Raw";
  e.payload = std::move(payload);
  avx::events::stamp(e.metadata, "tests.Raw");
  return e;
}

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

inline std::string describe(const avx::events::nats::Subscription& s) {
  auto c = s.stats();
  return "handled " + std::to_string(c.handled) + ", failed " + std::to_string(c.failed) + ", rejected " +
         std::to_string(c.rejected) + ", filtered " + std::to_string(c.filtered) + ", dead-lettered " +
         std::to_string(c.dead_lettered);
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
