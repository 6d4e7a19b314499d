// Catch-up subscriptions on both backends: replay then live with no gap and no duplicate while
// writers append, subscriptions to one stream, a slow subscriber that falls back to reading and
// catches up again, lag and progress, and a throwing handler.

#include <algorithm>
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include <avx/events.h>

#include "tests/store/store_fixture.h"
#include "tests/support/deadline.h"

namespace {

using avx::events::CatchUpOptions;
using avx::events::CatchUpSubscription;
using avx::events::EventData;
using avx::events::ExpectedVersion;
using avx::events::RecordedEvent;
using namespace std::chrono_literals;

std::vector<EventData> events(int n) {
  std::vector<EventData> out(static_cast<std::size_t>(n));
  for (auto& e : out) {
    e.event_id = avx::events::EventId::generate();
    e.type = "test.E";
  }
  return out;
}

void append_many(avx::events::EventStore& store, int batches, int per_batch, const std::string& prefix = "s") {
  for (int i = 0; i < batches; ++i) {
    auto r = store.append(prefix + "-" + std::to_string(i % 3), ExpectedVersion::any(), events(per_batch));
    ASSERT_TRUE(r.has_value()) << r.error().message();
  }
}

// Records what was delivered; checks order and uniqueness as it goes.
struct Collector {
  std::mutex mutex;
  std::vector<std::uint64_t> keys;
  void add(std::uint64_t k) {
    std::lock_guard lock(mutex);
    keys.push_back(k);
  }
  void expect_exactly(std::uint64_t first, std::uint64_t last) {
    std::lock_guard lock(mutex);
    ASSERT_EQ(keys.size(), last - first + 1);
    for (std::size_t i = 0; i < keys.size(); ++i) ASSERT_EQ(keys[i], first + i) << "at index " << i;
  }
};

class CatchUp : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override { store_ = avx::testing::fresh_store(GetParam()); }
  std::unique_ptr<avx::events::EventStore> store_;
};

TEST_P(CatchUp, ReplaysThenGoesLiveWithNoGapOrDuplicateWhileWritersAppend) {
  append_many(*store_, 100, 5);  // 500 stored before
  Collector seen;
  std::thread writer([&] { append_many(*store_, 300, 3, "w"); });  // 900 more, racing the switch
  auto sub = CatchUpSubscription::start(*store_, [&](const RecordedEvent& e) { seen.add(e.position); },
                                        CatchUpOptions{.page_size = 64});
  ASSERT_TRUE(sub.has_value());
  writer.join();
  ASSERT_TRUE((*sub)->wait_for(1400, 20s)) << "delivered up to " << (*sub)->stats().last;
  append_many(*store_, 10, 1);  // and live afterwards
  ASSERT_TRUE((*sub)->wait_for(1410, 20s));
  auto stats = (*sub)->stats();
  EXPECT_TRUE(stats.live);
  EXPECT_EQ(stats.lag, 0u);
  EXPECT_EQ(stats.replay_progress, 1.0);
  (*sub)->stop();
  seen.expect_exactly(1, 1410);
}

TEST_P(CatchUp, StartsFromAPosition) {
  append_many(*store_, 10, 10);
  Collector seen;
  auto sub = CatchUpSubscription::start(*store_, [&](const RecordedEvent& e) { seen.add(e.position); },
                                        CatchUpOptions{.from = 61});
  ASSERT_TRUE((*sub)->wait_for(100, 20s));
  (*sub)->stop();
  seen.expect_exactly(61, 100);
}

TEST_P(CatchUp, OneStreamByVersion) {
  append_many(*store_, 30, 2);  // streams s-0, s-1, s-2: 20 events each
  Collector seen;
  auto sub = CatchUpSubscription::start(*store_, [&](const RecordedEvent& e) {
    EXPECT_EQ(e.stream, "s-1");
    seen.add(e.version);
  }, CatchUpOptions{.stream = "s-1"});
  ASSERT_TRUE((*sub)->wait_for(20, 20s));
  append_many(*store_, 3, 1);  // s-0, s-1, s-2 each get one more
  ASSERT_TRUE((*sub)->wait_for(21, 20s));
  (*sub)->stop();
  seen.expect_exactly(1, 21);
  EXPECT_FALSE(CatchUpSubscription::start(*store_, [](const RecordedEvent&) {}, CatchUpOptions{.stream = "bad name"})
                   .has_value());
}

// A subscriber slower than the writers overflows its live buffer: it must fall back to reading
// the store and catch up, never lose or repeat an event.
TEST_P(CatchUp, SlowSubscriberFallsBackToReadingAndCatchesUp) {
  Collector seen;
  std::atomic<bool> slow{true};
  auto sub = CatchUpSubscription::start(*store_, [&](const RecordedEvent& e) {
    while (slow) std::this_thread::sleep_for(100us);  // stuck until every append committed
    seen.add(e.position);
  }, CatchUpOptions{.page_size = 16, .live_capacity = 8});
  ASSERT_TRUE(sub.has_value());
  ASSERT_TRUE(avx::testing::eventually([&] { return (*sub)->stats().live; }))
      << "the flood must hit a live subscription";
  append_many(*store_, 400, 2);
  slow = false;
  ASSERT_TRUE((*sub)->wait_for(800, 30s)) << "delivered up to " << (*sub)->stats().last;
  EXPECT_GT((*sub)->stats().fallbacks, 0u);
  (*sub)->stop();
  seen.expect_exactly(1, 800);
}

TEST_P(CatchUp, LagIsHeadMinusDelivered) {
  append_many(*store_, 50, 4);
  std::atomic<bool> hold{true}, entered{false};
  auto sub = CatchUpSubscription::start(*store_, [&](const RecordedEvent& e) {
    if (e.position == 100) entered = true;
    while (hold && e.position >= 100) std::this_thread::sleep_for(1ms);  // stuck on the 100th
  });
  ASSERT_TRUE(avx::testing::eventually([&] { return entered.load(); }));
  auto stalled = (*sub)->stats();
  EXPECT_EQ(stalled.last, 99u);
  EXPECT_EQ(stalled.head, 200u);
  EXPECT_EQ(stalled.lag, 200u - stalled.last);
  EXPECT_GT(stalled.lag, 0u);
  EXPECT_LT(stalled.replay_progress, 1.0);
  hold = false;
  ASSERT_TRUE((*sub)->wait_for(200, 20s));
  EXPECT_EQ((*sub)->stats().lag, 0u);
}

TEST_P(CatchUp, ThrowingHandlerStopsWithAnErrorNamingThePosition) {
  append_many(*store_, 5, 2);
  auto sub = CatchUpSubscription::start(*store_, [&](const RecordedEvent& e) {
    if (e.position == 4) throw std::runtime_error("projection broke");
  });
  EXPECT_FALSE((*sub)->wait_for(10, 5s));
  auto stats = (*sub)->stats();
  ASSERT_TRUE(stats.error.has_value());
  EXPECT_NE(stats.error->message().find("at 4: projection broke"), std::string::npos) << stats.error->message();
  EXPECT_EQ(stats.last, 3u);
}

// A subscriber that starts while a lone append is being written must not wait live for an event
// that was committed unseen: nothing else will ever commit to unstick it.
TEST_P(CatchUp, ASubscriberStartedDuringALoneAppendStillSeesIt) {
  for (int i = 0; i < 300; ++i) {
    std::thread writer([&] { append_many(*store_, 1, 1); });
    Collector seen;
    auto sub = CatchUpSubscription::start(*store_, [&](const RecordedEvent& e) { seen.add(e.position); });
    ASSERT_TRUE(sub.has_value());
    writer.join();
    ASSERT_TRUE((*sub)->wait_for(static_cast<std::uint64_t>(i + 1), 10s))
        << "try " << i << ": stalled at " << (*sub)->stats().last;
  }
}

// Writers append while subscribers start at different moments; each sees every position exactly
// once, in order, within a deadline.
TEST_P(CatchUp, SubscribersStartingWhileWritersAppendSeeEveryPositionOnce) {
  constexpr int kWriters = 4, kBatches = 60, kPerBatch = 2, kSubscribers = 6;
  std::vector<std::unique_ptr<Collector>> seen;
  std::vector<std::unique_ptr<CatchUpSubscription>> subs;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] { append_many(*store_, kBatches, kPerBatch, "w" + std::to_string(w)); });
  }
  for (int s = 0; s < kSubscribers; ++s) {
    seen.push_back(std::make_unique<Collector>());
    auto sub = CatchUpSubscription::start(*store_, [c = seen.back().get()](const RecordedEvent& e) { c->add(e.position); });
    ASSERT_TRUE(sub.has_value());
    subs.push_back(std::move(*sub));
    std::this_thread::sleep_for(2ms);  // spread the starts over the writing
  }
  for (auto& w : writers) w.join();
  const std::uint64_t head = kWriters * kBatches * kPerBatch;
  ASSERT_EQ(*store_->head_position(), head);
  for (int s = 0; s < kSubscribers; ++s) {
    ASSERT_TRUE(subs[s]->wait_for(head, 20s)) << "subscriber " << s << " stalled at " << subs[s]->stats().last;
    subs[s]->stop();
    seen[s]->expect_exactly(1, head);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CatchUp, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "sqlite" : "memory"; });

}  // namespace
