// Subscription::stats().delivered stays exact however a publish goes: a publish in which every
// handler returns is counted once for the whole subscriber list, anything else (a handler that
// throws, a subscriber dropped mid-publish, an asynchronous subscriber in the list) slot by slot,
// and a list's count stays with its subscribers when a subscribe or unsubscribe replaces it.

#include <atomic>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include <asio/io_context.hpp>
#include <gtest/gtest.h>

#include "avx/events/bus.h"
#include "tests/schemas/orders.avx.h"

namespace {

using avx::events::AsyncDelivery;
using avx::events::Envelope;
using avx::events::EventBus;
using avx::events::SubscribeOptions;
using avx::events::Subscription;
using tests::orders::OrderPlaced;

OrderPlaced placed(int n) {
  OrderPlaced e;
  e.order_id = std::to_string(n);
  return e;
}

TEST(BusCounts, AThrowingHandlerInTheMiddleLeavesTheOthersCountsExact) {
  EventBus bus;
  auto before = bus.subscribe<OrderPlaced>([](const auto&) {});
  auto thrower = bus.subscribe<OrderPlaced>([](const Envelope<OrderPlaced>& e) {
    if (e.event.order_id == "2") throw std::runtime_error("two");
  });
  auto after = bus.subscribe<OrderPlaced>([](const auto&) {});
  for (int i = 1; i <= 3; ++i) {
    auto result = bus.publish(placed(i));
    EXPECT_EQ(result.delivered, 3u);  // the thrower received it too
  }
  EXPECT_EQ(before.stats().delivered, 3u);
  EXPECT_EQ(thrower.stats().delivered, 2u);
  EXPECT_EQ(thrower.stats().failed, 1u);
  EXPECT_EQ(after.stats().delivered, 3u);
}

TEST(BusCounts, ASubscriberDroppedMidPublishIsNotCountedForIt) {
  EventBus bus;
  Subscription dropped;
  bool drop = false;
  auto first = bus.subscribe<OrderPlaced>([&](const auto&) {
    if (drop) dropped.unsubscribe();
  });
  int dropped_calls = 0;
  dropped = bus.subscribe<OrderPlaced>([&](const auto&) { ++dropped_calls; });
  auto last = bus.subscribe<OrderPlaced>([](const auto&) {});
  bus.publish(placed(1));
  drop = true;
  EXPECT_EQ(bus.publish(placed(2)).delivered, 2u);
  bus.publish(placed(3));
  EXPECT_EQ(dropped_calls, 1);
  EXPECT_EQ(dropped.stats().delivered, 1u);
  EXPECT_EQ(first.stats().delivered, 3u);
  EXPECT_EQ(last.stats().delivered, 3u);
}

TEST(BusCounts, SyncSubscribersBesideAnAsyncOneAreCountedExactly) {
  asio::io_context io;
  EventBus bus;
  auto sync_before = bus.subscribe<OrderPlaced>([](const auto&) {});
  auto async = bus.subscribe<OrderPlaced>([](const auto&) {}, SubscribeOptions{AsyncDelivery{io.get_executor()}});
  auto sync_after = bus.subscribe<OrderPlaced>([](const auto&) {});
  for (int i = 0; i < 5; ++i) EXPECT_EQ(bus.publish(placed(i)).delivered, 3u);
  io.run();
  EXPECT_EQ(sync_before.stats().delivered, 5u);
  EXPECT_EQ(async.stats().delivered, 5u);
  EXPECT_EQ(sync_after.stats().delivered, 5u);
}

TEST(BusCounts, CountsSurviveTheListsThatMadeThemAndTheBus) {
  auto bus = std::make_unique<EventBus>();
  auto kept = bus->subscribe<OrderPlaced>([](const auto&) {});
  for (int round = 0; round < 10; ++round) {
    auto passing = bus->subscribe<OrderPlaced>([](const auto&) {});  // a new list each time
    bus->publish(placed(round));
    EXPECT_EQ(passing.stats().delivered, 1u);
  }  // and another when it goes
  EXPECT_EQ(kept.stats().delivered, 10u);
  bus.reset();
  EXPECT_EQ(kept.stats().delivered, 10u);
}

// Beyond the first thousand counters a record keeps inline, and through the slot-by-slot path.
TEST(BusCounts, ManySubscribersOneOfThemThrowing) {
  EventBus bus;
  std::vector<Subscription> subs;
  for (int i = 0; i < 1500; ++i) {
    if (i == 700) {
      subs.push_back(bus.subscribe<OrderPlaced>([](const Envelope<OrderPlaced>& e) {
        if (e.event.order_id == "0") throw std::runtime_error("first");
      }));
    } else {
      subs.push_back(bus.subscribe<OrderPlaced>([](const auto&) {}));
    }
  }
  for (int i = 0; i < 4; ++i) bus.publish(placed(i));
  for (int i = 0; i < 1500; ++i) {
    ASSERT_EQ(subs[i].stats().delivered, i == 700 ? 3u : 4u) << "subscriber " << i;
  }
}

// Publishers on several threads while another keeps replacing the list (subscribing and
// dropping): each steady subscriber's count equals the calls it saw, and a reader polling the
// count never sees it go down.
TEST(BusCounts, ExactAndMonotonicUnderConcurrentPublishAndChurn) {
  EventBus bus;
  std::atomic<std::uint64_t> calls_a{0}, calls_b{0};
  auto a = bus.subscribe<OrderPlaced>([&](const auto&) { calls_a.fetch_add(1, std::memory_order_relaxed); });
  auto b = bus.subscribe<OrderPlaced>([&](const Envelope<OrderPlaced>& e) {
    calls_b.fetch_add(1, std::memory_order_relaxed);
    if (e.event.order_id == "13") throw std::runtime_error("thirteen");
  });
  std::atomic<bool> done{false};
  std::atomic<int> lists{0};
  std::thread churn([&] {
    while (!done.load()) {
      auto passing = bus.subscribe<OrderPlaced>([](const auto&) {});
      lists.fetch_add(2);
    }
  });
  bool monotonic = true;
  std::thread reader([&] {
    std::uint64_t last = 0;
    while (!done.load()) {
      std::uint64_t now = a.stats().delivered;
      if (now < last) monotonic = false;
      last = now;
    }
  });
  std::atomic<std::uint64_t> published{0}, thirteens{0};
  std::vector<std::thread> publishers;
  for (int t = 0; t < 3; ++t) {
    publishers.emplace_back([&] {
      for (int i = 0; i < 2000 || lists.load() < 400; ++i) {
        bus.publish(placed(i % 50));
        published.fetch_add(1);
        if (i % 50 == 13) thirteens.fetch_add(1);
      }
    });
  }
  for (auto& p : publishers) p.join();
  done = true;
  churn.join();
  reader.join();
  EXPECT_TRUE(monotonic);
  EXPECT_EQ(calls_a.load(), published.load());
  EXPECT_EQ(a.stats().delivered, published.load());
  EXPECT_EQ(calls_b.load(), published.load());
  EXPECT_EQ(b.stats().delivered, published.load() - thirteens.load());
  EXPECT_EQ(b.stats().failed, thirteens.load());
}

}  // namespace
