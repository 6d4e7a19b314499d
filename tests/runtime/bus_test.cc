#include "avx/events/bus.h"

#include <atomic>
#include <future>
#include <map>
#include <memory>
#include <thread>

#include <asio/io_context.hpp>
#include <asio/thread_pool.hpp>
#include <gtest/gtest.h>

#include "tests/schemas/orders.avx.h"
#include "tests/support/deadline.h"

namespace {

using avx::events::AsyncDelivery;
using avx::events::Envelope;
using avx::events::EventBus;
using avx::events::OverflowPolicy;
using avx::events::SubscribeOptions;
using avx::events::Subscription;
using tests::orders::OrderPaid;
using tests::orders::OrderPlaced;
using namespace std::chrono_literals;

OrderPlaced placed(std::string id) {
  OrderPlaced e;
  e.order_id = std::move(id);
  return e;
}

TEST(EventBus, DeliversSynchronouslyInsidePublishWithStampedMetadata) {
  EventBus bus;
  std::vector<std::string> seen;
  avx::events::Metadata meta;
  auto sub = bus.subscribe<OrderPlaced>([&](const Envelope<OrderPlaced>& e) {
    seen.push_back(e.event.order_id);
    meta = e.metadata;
  });
  auto result = bus.publish(placed("o-1"));
  EXPECT_EQ(result.delivered, 1u);
  ASSERT_EQ(seen, std::vector<std::string>{"o-1"});
  EXPECT_FALSE(meta.event_id.is_nil());
  EXPECT_EQ(meta.event_type, "tests.orders.OrderPlaced");
  EXPECT_NE(meta.timestamp, avx::events::Timestamp{});
}

TEST(EventBus, KeepsCallerMetadataAndGivesEveryEventAFreshId) {
  EventBus bus;
  std::vector<avx::events::Metadata> seen;
  auto sub = bus.subscribe<OrderPlaced>([&](const Envelope<OrderPlaced>& e) { seen.push_back(e.metadata); });
  avx::events::Metadata m;
  m.correlation_id = "corr";
  m.aggregate_id = "o-1";
  bus.publish(placed("a"), m);
  bus.publish(placed("b"));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].correlation_id, "corr");
  EXPECT_EQ(seen[0].aggregate_id, "o-1");
  EXPECT_NE(seen[0].event_id, seen[1].event_id);
}

TEST(EventBus, HandsTheOriginThroughAndStampsTheBusSourceWhereThePublisherGaveNone) {
  EventBus bus(avx::events::BusOptions{.source = "orders-service"});
  std::vector<avx::events::Origin> seen;
  auto sub = bus.subscribe<OrderPlaced>([&](const Envelope<OrderPlaced>& e) { seen.push_back(e.metadata.origin); });
  avx::events::Metadata m;
  m.origin = {"user-7", "", {{"tenant", "acme"}}};
  bus.publish(placed("a"), m);
  m.origin.source = "importer";
  bus.publish(placed("b"), m);
  bus.publish(placed("c"));
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], (avx::events::Origin{"user-7", "orders-service", {{"tenant", "acme"}}}));
  EXPECT_EQ(seen[1].source, "importer");
  EXPECT_EQ(seen[2], (avx::events::Origin{"", "orders-service", {}}));
  EventBus anonymous;
  avx::events::Origin got{"x", "x", {}};
  auto sub2 = anonymous.subscribe<OrderPlaced>([&](const Envelope<OrderPlaced>& e) { got = e.metadata.origin; });
  anonymous.publish(placed("d"));
  EXPECT_TRUE(got.empty());
}

TEST(EventBus, RoutesByTypeOnly) {
  EventBus bus;
  int placed_count = 0, paid_count = 0;
  auto a = bus.subscribe<OrderPlaced>([&](const auto&) { ++placed_count; });
  auto b = bus.subscribe<OrderPaid>([&](const auto&) { ++paid_count; });
  bus.publish(placed("x"));
  bus.publish(placed("y"));
  bus.publish(OrderPaid{"x", {}});
  EXPECT_EQ(placed_count, 2);
  EXPECT_EQ(paid_count, 1);
}

TEST(EventBus, PublishingWithNoSubscribersDeliversNothing) {
  EventBus bus;
  EXPECT_EQ(bus.publish(placed("x")).delivered, 0u);
}

std::map<std::string, std::uint64_t> counts(const EventBus& bus) {
  std::map<std::string, std::uint64_t> out;
  for (const auto& c : bus.published_counts()) out[std::string(c.event_type)] = c.count;
  return out;
}

TEST(EventBus, CountsEveryPublishByTypeSubscribedOrNot) {
  EventBus bus;
  EXPECT_TRUE(bus.published_counts().empty());
  bus.publish(placed("nobody listens"));
  bus.publish(placed("still nobody"));
  auto sub = bus.subscribe<OrderPaid>([](const auto&) {});
  bus.publish(OrderPaid{"x", {}});
  auto expected = std::map<std::string, std::uint64_t>{{"tests.orders.OrderPaid", 1}, {"tests.orders.OrderPlaced", 2}};
  EXPECT_EQ(counts(bus), expected);
}

TEST(EventBus, CountsStayExactUnderConcurrentPublishers) {
  EventBus bus;
  std::vector<std::thread> publishers;
  for (int t = 0; t < 4; ++t) {
    publishers.emplace_back([&] {
      for (int i = 0; i < 2500; ++i) bus.publish(placed("x"));
    });
  }
  for (auto& p : publishers) p.join();
  EXPECT_EQ(counts(bus), (std::map<std::string, std::uint64_t>{{"tests.orders.OrderPlaced", 10000}}));
}

TEST(EventBus, SubscribersRunInSubscriptionOrder) {
  EventBus bus;
  std::string order;
  auto a = bus.subscribe<OrderPlaced>([&](const auto&) { order += 'a'; });
  auto b = bus.subscribe<OrderPlaced>([&](const auto&) { order += 'b'; });
  auto c = bus.subscribe<OrderPlaced>([&](const auto&) { order += 'c'; });
  bus.publish(placed("x"));
  EXPECT_EQ(order, "abc");
}

TEST(EventBus, DroppingTheSubscriptionUnsubscribes) {
  EventBus bus;
  int calls = 0;
  {
    auto sub = bus.subscribe<OrderPlaced>([&](const auto&) { ++calls; });
    bus.publish(placed("x"));
  }
  bus.publish(placed("y"));
  EXPECT_EQ(calls, 1);
  auto sub = bus.subscribe<OrderPlaced>([&](const auto&) { ++calls; });
  bus.publish(placed("w"));
  sub.unsubscribe();
  EXPECT_FALSE(sub.active());
  bus.publish(placed("z"));
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(sub.stats().delivered, 1u);  // counters survive unsubscribing
}

TEST(EventBus, ThrowingSubscriberIsCountedAndDoesNotStopOthers) {
  EventBus bus;
  int after = 0;
  auto bad = bus.subscribe<OrderPlaced>([](const auto&) { throw std::runtime_error("boom"); });
  auto good = bus.subscribe<OrderPlaced>([&](const auto&) { ++after; });
  bus.publish(placed("x"));
  bus.publish(placed("y"));
  EXPECT_EQ(after, 2);
  EXPECT_EQ(bad.stats().failed, 2u);
  EXPECT_EQ(bad.stats().delivered, 0u);
  EXPECT_EQ(good.stats().delivered, 2u);
}

TEST(EventBus, SubscribingAndUnsubscribingInsideAHandlerIsSafe) {
  EventBus bus;
  std::vector<Subscription> added;
  int inner_calls = 0;
  Subscription self;
  self = bus.subscribe<OrderPlaced>([&](const Envelope<OrderPlaced>&) {
    added.push_back(bus.subscribe<OrderPlaced>([&](const auto&) { ++inner_calls; }));
    self.unsubscribe();  // removes itself while being called
  });
  bus.publish(placed("x"));  // adds one, removes self; the new one starts with the next event
  EXPECT_EQ(inner_calls, 0);
  bus.publish(placed("y"));
  EXPECT_EQ(inner_calls, 1);
  EXPECT_EQ(added.size(), 1u);
}

TEST(EventBus, HandlerMayPublishAnotherEvent) {
  EventBus bus;
  std::vector<std::string> paid;
  auto a = bus.subscribe<OrderPlaced>([&](const Envelope<OrderPlaced>& e) { bus.publish(OrderPaid{e.event.order_id, {}}); });
  auto b = bus.subscribe<OrderPaid>([&](const Envelope<OrderPaid>& e) { paid.push_back(e.event.order_id); });
  bus.publish(placed("o-7"));
  EXPECT_EQ(paid, std::vector<std::string>{"o-7"});
}

TEST(EventBus, SubscriptionOutlivingTheBusIsHarmless) {
  Subscription sub;
  {
    EventBus bus;
    sub = bus.subscribe<OrderPlaced>([](const auto&) {});
  }
  EXPECT_TRUE(sub.active());
  sub.unsubscribe();  // the bus is gone: nothing to detach from, and no crash
  EXPECT_FALSE(sub.active());
  EXPECT_EQ(sub.stats().delivered, 0u);
}

TEST(EventBus, AsyncDeliveryKeepsOrderPerSubscriber) {
  asio::thread_pool pool(2);
  EventBus bus;
  std::vector<int> seen;
  std::atomic<int> count{0};
  SubscribeOptions async{AsyncDelivery{pool.get_executor(), 64, OverflowPolicy::kBlock}};
  auto sub = bus.subscribe<OrderPlaced>(
      [&](const Envelope<OrderPlaced>& e) {
        seen.push_back(std::stoi(e.event.order_id));
        count.fetch_add(1);
      },
      async);
  for (int i = 0; i < 5000; ++i) bus.publish(placed(std::to_string(i)));
  ASSERT_TRUE(avx::testing::eventually([&] { return count.load() == 5000; }));
  sub.unsubscribe();
  ASSERT_EQ(seen.size(), 5000u);
  for (int i = 0; i < 5000; ++i) ASSERT_EQ(seen[i], i);
  pool.join();
}

TEST(EventBus, AsyncDropOldestCountsTheLag) {
  asio::io_context io;  // not run until we say so: the queue fills up
  EventBus bus;
  std::vector<std::string> seen;
  SubscribeOptions async{AsyncDelivery{io.get_executor(), 3, OverflowPolicy::kDropOldest}};
  auto sub = bus.subscribe<OrderPlaced>([&](const Envelope<OrderPlaced>& e) { seen.push_back(e.event.order_id); }, async);
  for (int i = 0; i < 10; ++i) bus.publish(placed(std::to_string(i)));
  EXPECT_EQ(sub.stats().dropped, 7u);
  EXPECT_EQ(sub.stats().queued, 3u);
  io.run();
  EXPECT_EQ(seen, (std::vector<std::string>{"7", "8", "9"}));
}

TEST(EventBus, AsyncFailPolicyRejectsWhenFull) {
  asio::io_context io;
  EventBus bus;
  int calls = 0;
  SubscribeOptions async{AsyncDelivery{io.get_executor(), 2, OverflowPolicy::kFail}};
  auto sub = bus.subscribe<OrderPlaced>([&](const auto&) { ++calls; }, async);
  EXPECT_EQ(bus.publish(placed("1")).rejected, 0u);
  EXPECT_EQ(bus.publish(placed("2")).rejected, 0u);
  auto third = bus.publish(placed("3"));
  EXPECT_EQ(third.rejected, 1u);
  EXPECT_EQ(third.delivered, 0u);
  io.run();
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(sub.stats().dropped, 1u);
}

TEST(EventBus, AsyncBlockPolicyWaitsForRoom) {
  asio::thread_pool pool(1);
  EventBus bus;
  std::atomic<int> calls{0};
  SubscribeOptions async{AsyncDelivery{pool.get_executor(), 1, OverflowPolicy::kBlock}};
  auto sub = bus.subscribe<OrderPlaced>(
      [&](const auto&) {
        std::this_thread::sleep_for(std::chrono::microseconds(50));
        calls.fetch_add(1);
      },
      async);
  for (int i = 0; i < 200; ++i) bus.publish(placed("x"));
  ASSERT_TRUE(avx::testing::eventually([&] { return calls.load() == 200; }));
  EXPECT_EQ(sub.stats().dropped, 0u);
  sub.unsubscribe();
  pool.join();
}

// Run under --config=tsan: publishers on several threads while subscribers come and go.
TEST(EventBus, ConcurrentPublishSubscribeAndUnsubscribe) {
  EventBus bus;
  std::atomic<int> delivered{0};
  std::atomic<bool> stop{false};
  auto steady = bus.subscribe<OrderPlaced>([&](const auto&) { delivered.fetch_add(1); });
  std::vector<std::thread> publishers;
  for (int t = 0; t < 3; ++t) {
    publishers.emplace_back([&] {
      for (int i = 0; i < 3000; ++i) bus.publish(placed("x"));
    });
  }
  std::thread churn([&] {
    while (!stop.load()) {
      std::atomic<int> local{0};  // publishers on several threads call this handler at once
      auto s = bus.subscribe<OrderPlaced>([&local](const auto&) { local.fetch_add(1); });
      s.unsubscribe();  // after this returns the handler never runs again: `local` may die
    }
  });
  for (auto& p : publishers) p.join();
  stop = true;
  churn.join();
  EXPECT_EQ(delivered.load(), 9000);
}

// A handler subscribing while another thread subscribes from outside: the outside writer used to
// wait for readers while holding the writer mutex the handler needed.
TEST(EventBus, HandlerSubscribingWhileAnotherThreadSubscribesDoesNotDeadlock) {
  avx::testing::within(60s, "handler subscribes while another thread subscribes", [] {
    EventBus bus;
    std::atomic<bool> stop{false};
    auto sub = bus.subscribe<OrderPlaced>([&](const auto&) {
      auto temporary = bus.subscribe<OrderPlaced>([](const auto&) {});
    });
    std::thread outside([&] {
      while (!stop.load()) {
        auto paid = bus.subscribe<OrderPaid>([](const auto&) {});
        auto placed = bus.subscribe<OrderPlaced>([](const auto&) {});
      }
    });
    for (int i = 0; i < 20000; ++i) bus.publish(placed("x"));
    stop = true;
    outside.join();
    EXPECT_EQ(sub.stats().delivered, 20000u);
  });
}

TEST(EventBus, PublishersWhoseHandlersSubscribeBesideAChurningThreadFinish) {
  avx::testing::within(60s, "3 publishers with subscribing handlers and a churning thread", [] {
    EventBus bus;
    std::atomic<int> outer{0};
    auto sub = bus.subscribe<OrderPlaced>([&](const auto&) {
      outer.fetch_add(1);
      auto temporary = bus.subscribe<OrderPaid>([](const auto&) {});
      bus.publish(OrderPaid{"x", {}});
    });
    std::atomic<bool> stop{false};
    std::thread churn([&] {
      while (!stop.load()) bus.subscribe<OrderPlaced>([](const auto&) {}).unsubscribe();
    });
    std::vector<std::thread> publishers;
    for (int t = 0; t < 3; ++t) {
      publishers.emplace_back([&] {
        for (int i = 0; i < 3000; ++i) bus.publish(placed("x"));
      });
    }
    for (auto& p : publishers) p.join();
    stop = true;
    churn.join();
    EXPECT_EQ(outer.load(), 9000);
  });
}

// The handler runs on another thread; unsubscribe must wait for it to return.
TEST(EventBus, UnsubscribeWaitsForTheHandlerRunningOnAnotherThread) {
  avx::testing::within(60s, "unsubscribe while the handler runs elsewhere", [] {
    EventBus bus;
    auto resource = std::make_unique<std::atomic<int>>(0);
    std::atomic<bool> entered{false}, left{false};
    auto sub = bus.subscribe<OrderPlaced>([&, r = resource.get()](const auto&) {
      entered = true;
      std::this_thread::sleep_for(50ms);
      r->fetch_add(1);  // touches what the unsubscriber frees next
      left = true;
    });
    std::thread publisher([&] { bus.publish(placed("x")); });
    while (!entered.load()) std::this_thread::yield();
    sub.unsubscribe();
    EXPECT_TRUE(left.load());
    resource.reset();  // ASan: a handler still running would touch freed memory
    bus.publish(placed("y"));
    publisher.join();
    EXPECT_EQ(sub.stats().delivered, 1u);
  });
}

// Unsubscribing bus Y's handler from inside a handler of bus X waits for Y's handler too: being
// inside some delivery is no reason to skip the wait.
TEST(EventBus, UnsubscribeFromInsideAnotherBusesHandlerWaitsForTheHandler) {
  avx::testing::within(60s, "unsubscribe another bus's handler from a handler", [] {
    EventBus x, y;
    std::atomic<bool> entered{false}, left{false}, still_running_after_unsubscribe{false};
    auto y_sub = y.subscribe<OrderPlaced>([&](const auto&) {
      entered = true;
      std::this_thread::sleep_for(50ms);
      left = true;
    });
    auto x_sub = x.subscribe<OrderPlaced>([&](const auto&) {
      while (!entered.load()) std::this_thread::yield();
      y_sub.unsubscribe();
      still_running_after_unsubscribe = !left.load();
    });
    std::thread y_publisher([&] { y.publish(placed("y")); });
    x.publish(placed("x"));
    y_publisher.join();
    EXPECT_FALSE(still_running_after_unsubscribe.load());
  });
}

// An async handler may call back into its own subscription: no library lock is held around it.
TEST(EventBus, AsyncHandlerMayReadItsStatsAndUnsubscribeItself) {
  avx::testing::within(60s, "async handler calls back into its subscription", [] {
    EventBus bus;
    asio::thread_pool pool(1);
    Subscription sub;
    std::promise<std::uint64_t> seen;
    sub = bus.subscribe<OrderPlaced>(
        [&](const auto&) {
          seen.set_value(sub.stats().delivered);
          sub.unsubscribe();
        },
        SubscribeOptions{AsyncDelivery{pool.get_executor(), 8, OverflowPolicy::kBlock}});
    bus.publish(placed("x"));
    EXPECT_EQ(seen.get_future().get(), 0u);
    pool.join();
    EXPECT_FALSE(sub.active());
  });
}

}  // namespace
