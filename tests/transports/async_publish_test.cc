// Async publishing over NATS JetStream against a real nats-server each test starts: a bounded
// window, flush as the point where every event is stored, resends with the same id across a
// server crash (no loss, no duplicate in the stream), and a clear error naming what was lost.

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <avx/events/nats/transport.h>

#include "tests/schemas/orders.avx.h"
#include "tests/support/deadline.h"
#include "tests/transports/nats_fixture.h"
#include "tools/dev/nats_server.h"

namespace {

using namespace std::chrono_literals;
using avx::events::RawEnvelope;
using avx::events::Status;
using avx::events::nats::Delivery;
using avx::events::nats::Options;
using avx::events::nats::Transport;
using avx::testing::eventually;
using avx::testing::raw;
using avx::dev::NatsServer;
using ::testing::HasSubstr;

class AsyncPublish : public ::testing::Test {
 protected:
  std::unique_ptr<Transport> connect(std::chrono::milliseconds deadline, std::int64_t window = 4096) {
    Options o;
    o.url = server.url();
    o.publish_deadline = deadline;
    o.publish_attempt = 500ms;
    o.async_window = window;
    auto t = Transport::connect(o);
    EXPECT_TRUE(t) << t.error().message();
    return std::move(*t);
  }

  // Every event id the stream holds on `topic`, with repeats, read back by a fresh subscriber.
  std::multiset<std::string> stored(Transport& t, const std::string& topic, std::size_t expected) {
    std::mutex m;
    std::multiset<std::string> seen;
    auto sub = t.subscribe_raw(topic, [&](const RawEnvelope& e, const Delivery&) -> Status {
      std::lock_guard lock(m);
      seen.insert(e.metadata.event_id.to_string());
      return {};
    });
    EXPECT_TRUE(sub) << sub.error().message();
    EXPECT_TRUE(eventually([&] { std::lock_guard lock(m); return seen.size() >= expected; }, 60s));
    std::this_thread::sleep_for(300ms);  // time for a duplicate to show up
    std::lock_guard lock(m);
    return seen;
  }

  NatsServer server;
};

TEST_F(AsyncPublish, FlushReturnsWhenTheStreamHoldsEveryEvent) {
  auto t = connect(10s, /*window=*/16);  // a small window: publishing waits for room many times
  ASSERT_TRUE(t->ensure_stream({"t.**"}));
  std::vector<std::string> sent;
  for (int i = 0; i < 2000; ++i) {
    RawEnvelope e = raw("t.a");
    ASSERT_TRUE(t->publish_async_raw(e));
    sent.push_back(e.metadata.event_id.to_string());
  }
  auto flushed = t->flush();
  ASSERT_TRUE(flushed) << flushed.error().message();
  auto seen = stored(*t, "t.a", sent.size());
  EXPECT_EQ(seen.size(), sent.size());
  for (const std::string& id : sent) EXPECT_EQ(seen.count(id), 1u) << id;
}

TEST_F(AsyncPublish, TypedEventIsStamped) {
  auto t = connect(10s);
  ASSERT_TRUE(t->ensure_stream({"tests.orders.**"}));
  tests::orders::OrderPlaced o;
  o.order_id = "o-9";
  ASSERT_TRUE(t->publish_async(o));
  ASSERT_TRUE(t->flush());
  std::mutex m;
  std::vector<RawEnvelope> seen;
  auto sub = t->subscribe_raw(std::string(tests::orders::OrderPlaced::kTopic),
                              [&](const RawEnvelope& e, const Delivery&) -> Status {
                                std::lock_guard lock(m);
                                seen.push_back(e);
                                return {};
                              });
  ASSERT_TRUE(sub);
  ASSERT_TRUE(eventually([&] { std::lock_guard lock(m); return !seen.empty(); }, 10s));
  std::lock_guard lock(m);
  EXPECT_EQ(seen[0].type, tests::orders::OrderPlaced::kType);
  EXPECT_FALSE(seen[0].metadata.event_id.is_nil());
}

TEST_F(AsyncPublish, ServerKilledMidStreamLosesNothingAndStoresNothingTwice) {
  auto t = connect(30s, /*window=*/256);
  ASSERT_TRUE(t->ensure_stream({"t.**"}));
  constexpr int kEvents = 20000;
  std::vector<std::string> sent;
  sent.reserve(kEvents);
  std::atomic<int> published{0};
  std::jthread crasher([&] {  // killed while messages are on the wire; joined on every way out
    while (published.load() < kEvents / 4) std::this_thread::yield();
    server.kill();
    std::this_thread::sleep_for(700ms);
    server.restart();
  });
  for (int i = 0; i < kEvents; ++i) {
    RawEnvelope e = raw("t.k");
    auto ok = t->publish_async_raw(e);
    ASSERT_TRUE(ok) << ok.error().message();
    sent.push_back(e.metadata.event_id.to_string());
    published.store(i + 1);
  }
  auto flushed = t->flush();
  ASSERT_TRUE(flushed) << flushed.error().message();
  auto seen = stored(*t, "t.k", sent.size());
  EXPECT_EQ(seen.size(), sent.size());  // no duplicate in the stream
  std::size_t missing = 0;
  for (const std::string& id : sent) missing += seen.count(id) == 1 ? 0 : 1;
  EXPECT_EQ(missing, 0u);
}

TEST_F(AsyncPublish, FlushNamesWhatTheStreamNeverAcknowledged) {
  auto t = connect(1500ms);
  ASSERT_TRUE(t->ensure_stream({"t.**"}));
  server.kill();  // and it stays down
  RawEnvelope e = raw("t.lost");
  ASSERT_TRUE(t->publish_async_raw(e));  // the client buffers it for the reconnect
  const auto started = std::chrono::steady_clock::now();
  auto flushed = t->flush();
  ASSERT_FALSE(flushed);
  EXPECT_THAT(flushed.error().message(), HasSubstr("1 event(s) not acknowledged by stream AVX_EVENTS"));
  EXPECT_THAT(flushed.error().message(), HasSubstr(e.metadata.event_id.to_string()));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);  // the deadline, not forever
  EXPECT_TRUE(t->flush());  // reported once: nothing is pending any more
}

TEST_F(AsyncPublish, InvalidEventsAreRefusedAtOnce) {
  auto t = connect(10s);
  RawEnvelope no_id = raw("t.a");
  no_id.metadata.event_id = {};
  auto refused = t->publish_async_raw(no_id);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().message(), HasSubstr("no id"));
  auto bad_topic = t->publish_async_raw(raw("t..a"));
  ASSERT_FALSE(bad_topic);
}

}  // namespace
