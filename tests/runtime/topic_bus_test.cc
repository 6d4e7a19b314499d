#include "avx/events/topic_bus.h"

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/schemas/all_types.avx.h"
#include "tests/schemas/orders.avx.h"
#include "tests/support/deadline.h"

namespace {

using avx::events::Envelope;
using avx::events::RawEnvelope;
using avx::events::TopicBus;
using tests::orders::OrderPaid;
using tests::orders::OrderPlaced;

TEST(TopicBus, TypedSubscriberGetsEventsOnMatchingTopics) {
  TopicBus bus;
  std::vector<std::string> seen;
  auto sub = bus.subscribe<OrderPlaced>("tests.*.placed", [&](const Envelope<OrderPlaced>& e) {
    seen.push_back(e.event.order_id);
  });
  ASSERT_TRUE(sub.has_value());
  auto miss = bus.subscribe<OrderPaid>("tests.orders.placed", [&](const auto&) { seen.push_back("wrong type"); });
  ASSERT_TRUE(miss.has_value());
  bus.publish(OrderPlaced{"o-1"});  // kTopic = tests.orders.placed
  bus.publish(OrderPaid{"o-1", {}});  // tests.orders.order_paid: no match
  EXPECT_EQ(seen, std::vector<std::string>{"o-1"});
}

// As on the EventBus: every typed publish counts, routed or not, exactly under concurrent
// publishers; events fed back with publish_raw (received from elsewhere) do not.
TEST(TopicBus, CountsEveryTypedPublishByTypeRoutedOrNot) {
  TopicBus bus;
  EXPECT_TRUE(bus.published_counts().empty());
  bus.publish(OrderPlaced{"nobody listens"});
  auto sub = bus.subscribe<OrderPaid>("tests.orders.*", [](const auto&) {});
  ASSERT_TRUE(sub);
  std::vector<std::thread> publishers;
  for (int t = 0; t < 4; ++t) {
    publishers.emplace_back([&] {
      for (int i = 0; i < 2500; ++i) bus.publish(OrderPaid{"x", {}});
    });
  }
  for (auto& p : publishers) p.join();
  RawEnvelope raw;
  raw.topic = std::string(OrderPaid::kTopic);
  raw.type = std::string(OrderPaid::kType);
  raw.schema_version = OrderPaid::kVersion;
  raw.payload = avx::events::encode(OrderPaid{"fed back", {}});
  ASSERT_TRUE(bus.publish_raw(raw));
  std::map<std::string, std::uint64_t> counts;
  for (const auto& c : bus.published_counts()) counts[std::string(c.event_type)] = c.count;
  auto expected = std::map<std::string, std::uint64_t>{{"tests.orders.OrderPaid", 10000}, {"tests.orders.OrderPlaced", 1}};
  EXPECT_EQ(counts, expected);
}

// The bus's clock, as EventBus takes it: a precise stamp is never earlier than a reading of that
// clock taken before publishing; the default coarse clock lags it by up to a tick (1-4 ms).
TEST(TopicBus, StampsEventsWithTheClockOfItsOptions) {
  TopicBus precise(avx::events::BusOptions{.clock = avx::events::Clock::kPrecise, .source = {}});
  TopicBus coarse;
  avx::events::Timestamp stamped{};
  auto on_precise = precise.subscribe<OrderPlaced>("tests.**", [&](const auto& e) { stamped = e.metadata.timestamp; });
  auto on_coarse = coarse.subscribe<OrderPlaced>("tests.**", [&](const auto& e) { stamped = e.metadata.timestamp; });
  ASSERT_TRUE(on_precise.has_value() && on_coarse.has_value());
  bool coarse_lagged = false;
  for (int i = 0; i < 1000; ++i) {
    auto before = avx::events::now();
    precise.publish(OrderPlaced{"o-1"});
    ASSERT_GE(stamped, before);
    before = avx::events::now();
    coarse.publish(OrderPlaced{"o-1"});
    coarse_lagged |= stamped < before;
  }
  EXPECT_TRUE(coarse_lagged);
}

TEST(TopicBus, InvalidPatternIsReportedAtSubscribe) {
  TopicBus bus;
  auto sub = bus.subscribe<OrderPlaced>("tests.or*ers", [](const auto&) {});
  ASSERT_FALSE(sub.has_value());
  EXPECT_NE(sub.error().message().find("whole segments"), std::string::npos);
  EXPECT_EQ(bus.subscription_count(), 0u);
}

TEST(TopicBus, RawSubscriberGetsEncodedEnvelope) {
  TopicBus bus;
  std::vector<RawEnvelope> raw;
  auto sub = bus.subscribe_raw("tests.**", [&](const RawEnvelope& e) { raw.push_back(e); });
  ASSERT_TRUE(sub.has_value());
  OrderPlaced event{"o-9", "c-1"};
  bus.publish(event);
  ASSERT_EQ(raw.size(), 1u);
  EXPECT_EQ(raw[0].topic, "tests.orders.placed");
  EXPECT_EQ(raw[0].type, "tests.orders.OrderPlaced");
  EXPECT_EQ(raw[0].schema_version, 2u);
  auto decoded = avx::events::decode<OrderPlaced>(raw[0].payload);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, event);
}

TEST(TopicBus, PublishRawReachesTypedSubscribersDecoded) {
  TopicBus bus;
  std::vector<std::string> seen;
  auto sub = bus.subscribe<OrderPlaced>("**", [&](const Envelope<OrderPlaced>& e) { seen.push_back(e.event.order_id); });
  RawEnvelope raw;
  raw.topic = "tests.orders.placed";
  raw.type = "tests.orders.OrderPlaced";
  raw.schema_version = OrderPlaced::kVersion;
  raw.payload = avx::events::encode(OrderPlaced{"o-3"});
  auto result = bus.publish_raw(raw);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->delivered, 1u);
  raw.payload = "garbage!";  // 8 bytes, not a message
  auto bad = bus.publish_raw(raw);
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->rejected, 1u);
  raw.topic = "tests.*";
  EXPECT_FALSE(bus.publish_raw(raw).has_value());
  EXPECT_EQ(seen, std::vector<std::string>{"o-3"});
}

// Bytes written under another version of the schema would decode into the wrong fields.
TEST(TopicBus, PublishRawRefusesAnotherSchemaVersionToTypedSubscribers) {
  TopicBus bus;
  int typed = 0, raw_seen = 0;
  auto sub = bus.subscribe<OrderPlaced>("**", [&](const auto&) { ++typed; });
  auto all = bus.subscribe_raw("**", [&](const RawEnvelope&) { ++raw_seen; });
  RawEnvelope raw;
  raw.topic = "tests.orders.placed";
  raw.type = "tests.orders.OrderPlaced";
  raw.schema_version = tests::orders::OrderPlacedV1::kVersion;
  raw.payload = avx::events::encode(tests::orders::OrderPlacedV1{"o-1", "c", {}, {}});
  auto result = bus.publish_raw(raw);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->rejected, 1u);
  EXPECT_EQ(result->delivered, 1u);  // the raw subscriber
  EXPECT_EQ(typed, 0);
  EXPECT_EQ(raw_seen, 1);
}

TEST(TopicBus, CacheIsInvalidatedWhenSubscriptionsChange) {
  TopicBus bus;
  int a = 0, b = 0;
  auto first = bus.subscribe<OrderPlaced>("tests.orders.placed", [&](const auto&) { ++a; });
  bus.publish(OrderPlaced{"1"});  // cached: [first]
  auto second = bus.subscribe<OrderPlaced>("tests.**", [&](const auto&) { ++b; });
  bus.publish(OrderPlaced{"2"});
  first->unsubscribe();
  bus.publish(OrderPlaced{"3"});
  EXPECT_EQ(a, 2);
  EXPECT_EQ(b, 2);
}

// The routes being delivered must outlive a handler that changes subscriptions (which clears the
// match cache). Under --config=asan this caught a use-after-free in publish_raw.
TEST(TopicBus, HandlerSubscribingDuringPublishRawIsSafe) {
  TopicBus bus;
  std::vector<avx::events::Subscription> added;
  int calls = 0;
  auto sub = bus.subscribe_raw("tests.**", [&](const RawEnvelope&) {
    ++calls;
    added.push_back(std::move(*bus.subscribe_raw("other.topic", [](const RawEnvelope&) {})));
  });
  auto second = bus.subscribe_raw("tests.orders.*", [&](const RawEnvelope&) { ++calls; });
  RawEnvelope raw;
  raw.topic = "tests.orders.placed";
  raw.type = "unknown.Type";
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(bus.publish_raw(raw).has_value());
  bus.publish(OrderPlaced{"typed"});
  EXPECT_EQ(calls, 8);
  EXPECT_EQ(added.size(), 4u);
}

TEST(TopicBus, ManyPatternsOneSubscriberEach) {
  TopicBus bus;
  std::vector<avx::events::Subscription> subs;
  int calls = 0;
  for (const char* p : {"tests.all.everything", "tests.all.*", "tests.**", "**", "*.all.everything", "tests.all",
                        "other.**", "tests.*"}) {
    auto s = bus.subscribe<tests::all::Everything>(p, [&](const auto&) { ++calls; });
    ASSERT_TRUE(s.has_value()) << p;
    subs.push_back(std::move(*s));
  }
  bus.publish(tests::all::Everything{});
  EXPECT_EQ(calls, 5);
}

// Once unsubscribe returns, the handler is not running on another thread (it used to be removed
// from the routes with no grace period, and ran on, touching freed memory).
TEST(TopicBus, UnsubscribeWaitsForTheHandlerRunningOnAnotherThread) {
  using namespace std::chrono_literals;
  avx::testing::within(std::chrono::seconds(60), "topic unsubscribe while the handler runs elsewhere", [] {
    TopicBus bus;
    auto resource = std::make_unique<std::atomic<int>>(0);
    std::atomic<bool> entered{false}, left{false};
    auto sub = bus.subscribe<OrderPlaced>("tests.**", [&, r = resource.get()](const auto&) {
      entered = true;
      std::this_thread::sleep_for(50ms);
      r->fetch_add(1);
      left = true;
    });
    ASSERT_TRUE(sub.has_value());
    std::thread publisher([&] { bus.publish(OrderPlaced{"o-1"}); });
    while (!entered.load()) std::this_thread::yield();
    sub->unsubscribe();
    EXPECT_TRUE(left.load());
    resource.reset();
    publisher.join();
    bus.publish(OrderPlaced{"o-2"});
    EXPECT_EQ(sub->stats().delivered, 1u);
  });
}

}  // namespace
