// The bus's per-thread bookkeeping (avx/events/detail/readers.h) where it differs from one shared
// counter: threads that end, counters reused by new subscriptions, handlers nested deeper than a
// thread's entry stack, and fork().

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <avx/events.h>

#include "tests/schemas/orders.avx.h"
#include "tests/support/deadline.h"

namespace {

using namespace std::chrono_literals;
using avx::events::EventBus;
using tests::orders::OrderPaid;
using tests::orders::OrderPlaced;

OrderPlaced placed(std::string id) { return OrderPlaced{std::move(id), "c-1", {}, {}}; }

std::uint64_t published(const EventBus& bus, std::string_view type) {
  for (const auto& count : bus.published_counts()) {
    if (count.event_type == type) return count.count;
  }
  return 0;
}

// Each thread counts on a record of its own; a thread that ends leaves its record, counts and
// all, to the next one. No count may be lost or counted twice across that.
TEST(EventBusReaders, ThreadsThatEndLeaveTheirCountsBehind) {
  EventBus bus;
  std::atomic<int> calls{0};
  auto sub = bus.subscribe<OrderPlaced>([&](const auto&) { calls.fetch_add(1); });
  for (int round = 0; round < 10; ++round) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 5; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 100; ++i) bus.publish(placed("x"));
      });
    }
    for (auto& t : threads) t.join();
  }
  EXPECT_EQ(calls.load(), 5000);
  EXPECT_EQ(sub.stats().delivered, 5000u);
  EXPECT_EQ(published(bus, OrderPlaced::kType), 5000u);
}

// Counter ids are reused once a subscription is gone: the new one starts from zero.
TEST(EventBusReaders, ANewSubscriptionCountsFromZero) {
  EventBus bus;
  for (int round = 0; round < 50; ++round) {
    auto sub = bus.subscribe<OrderPlaced>([](const auto&) {});
    for (int i = 0; i <= round; ++i) bus.publish(placed("x"));
    ASSERT_EQ(sub.stats().delivered, static_cast<std::uint64_t>(round + 1)) << "round " << round;
  }
  EventBus other;
  EXPECT_EQ(published(other, OrderPlaced::kType), 0u);
  other.publish(placed("x"));
  EXPECT_EQ(published(other, OrderPlaced::kType), 1u);
}

// A handler that publishes from inside itself, deeper than a thread's entry stack holds (32):
// the entries beyond it are counted on the slot instead. Counts stay exact, and the handler may
// unsubscribe itself at any depth.
TEST(EventBusReaders, HandlersNestedDeeperThanTheEntryStack) {
  EventBus bus;
  int depth = 0;
  int deepest = 0;
  avx::events::Subscription sub;
  sub = bus.subscribe<OrderPlaced>([&](const auto&) {
    ++depth;
    deepest = std::max(deepest, depth);
    if (depth == 70) sub.unsubscribe();  // from the inside, deep in the overflow
    if (depth < 100) bus.publish(placed("again"));
    --depth;
  });
  bus.publish(placed("x"));
  EXPECT_EQ(deepest, 70);  // no call after the unsubscribe
  EXPECT_EQ(sub.stats().delivered, 70u);
  EXPECT_EQ(published(bus, OrderPlaced::kType), 71u);
}

// Unsubscribing waits for a handler running on another thread also when that call is nested
// beyond the other thread's entry stack.
TEST(EventBusReaders, UnsubscribeWaitsForACallBeyondTheEntryStack) {
  avx::testing::within(60s, "unsubscribe a deeply nested handler", [] {
    EventBus bus;
    std::atomic<bool> deep{false}, left{false};
    auto leaf = bus.subscribe<OrderPaid>([&](const auto&) {
      deep = true;
      std::this_thread::sleep_for(50ms);
      left = true;
    });
    int depth = 0;
    auto chain = bus.subscribe<OrderPlaced>([&](const auto&) {
      if (++depth < 40) {
        bus.publish(placed("deeper"));
      } else {
        bus.publish(OrderPaid{"o", {}});
      }
    });
    std::thread publisher([&] { bus.publish(placed("x")); });
    while (!deep.load()) std::this_thread::yield();
    leaf.unsubscribe();
    EXPECT_TRUE(left.load());
    publisher.join();
  });
}

// After fork() the child has one thread. A thread of the parent that was inside a handler when
// the parent forked must not hold up the child: its record is free in the child.
TEST(EventBusReaders, AChildIsNotHeldUpByThreadsOfTheParent) {
  EventBus bus;
  std::mutex mutex;
  std::condition_variable cv;
  bool inside = false, release = false;
  auto sub = bus.subscribe<OrderPlaced>([&](const auto&) {
    std::unique_lock lock(mutex);
    inside = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
  });
  std::thread busy([&] { bus.publish(placed("x")); });
  {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return inside; });
  }
  const pid_t child = fork();
  if (child == 0) {
    // In the child: both wait for other threads' entries (the channel's old list, the slot's calls).
    auto more = bus.subscribe<OrderPlaced>([](const auto&) {});
    more.unsubscribe();
    sub.unsubscribe();
    _exit(0);
  }
  ASSERT_GT(child, 0);
  int status = -1;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (waitpid(child, &status, WNOHANG) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  const bool finished = WIFEXITED(status);
  if (!finished) {
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
  }
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  cv.notify_all();
  busy.join();
  EXPECT_TRUE(finished) << "the child waited for a thread it does not have";
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
