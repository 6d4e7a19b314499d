// The durable subscription suite's tests (durable_suite.h): one behaviour each, for every backend.

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "avx/events/dlq/dead_letter.h"
#include "avx/events/durable_subscription.h"
#include "tests/store/durable_suite.h"
#include "tests/support/deadline.h"

namespace {

using avx::testing::Durable;
using avx::events::DurableOptions;
using avx::events::DurableSubscription;
using avx::events::Errc;
using avx::events::EventData;
using avx::events::EventId;
using avx::events::EventStore;
using avx::events::ExpectedVersion;
using avx::events::RecordedEvent;
using avx::events::Status;
using namespace std::chrono_literals;

void append(EventStore& store, const std::string& stream, int n = 1) {
  std::vector<EventData> batch(n);
  for (EventData& e : batch) {
    e.event_id = EventId::generate();
    e.type = "test.Happened";
    e.payload = "p";
  }
  auto r = store.append(stream, ExpectedVersion::any(), batch);
  ASSERT_TRUE(r) << r.error().message();
}

// What a subscriber handled, by position, from the subscription's thread.
struct Handled {
  std::mutex mutex;
  std::vector<RecordedEvent> events;

  DurableSubscription::Handler handler() {
    return [this](const RecordedEvent& e) -> Status {
      std::lock_guard lock(mutex);
      events.push_back(e);
      return {};
    };
  }
  std::vector<std::uint64_t> positions() {
    std::lock_guard lock(mutex);
    std::vector<std::uint64_t> out;
    for (const RecordedEvent& e : events) out.push_back(e.position);
    return out;
  }
};

std::unique_ptr<DurableSubscription> start(EventStore& store, DurableSubscription::Handler handler,
                                           DurableOptions options) {
  auto sub = DurableSubscription::start(store, std::move(handler), std::move(options));
  EXPECT_TRUE(sub) << sub.error().message();
  return sub ? std::move(*sub) : nullptr;
}

TEST_P(Durable, ARestartResumesRightAfterTheLastHandledEvent) {
  for (int i = 0; i < 5; ++i) append(*store_, "order-" + std::to_string(i));
  Handled first;
  {
    auto sub = start(*store_, first.handler(), {.name = "projection"});
    ASSERT_TRUE(sub && sub->wait_for(5, 10s));
    EXPECT_EQ(sub->stats().checkpoint, 5u);
  }
  EXPECT_EQ(first.positions(), (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(*store_->load_checkpoint("projection"), 5u);

  append(*store_, "order-1", 3);
  Handled second;
  auto sub = start(*store_, second.handler(), {.name = "projection"});
  ASSERT_TRUE(sub && sub->wait_for(8, 10s));
  EXPECT_EQ(second.positions(), (std::vector<std::uint64_t>{6, 7, 8}));
  append(*store_, "order-9");  // and on, live
  ASSERT_TRUE(sub->wait_for(9, 10s));
  EXPECT_EQ(second.positions().back(), 9u);
}

TEST_P(Durable, SubscriptionsWithOtherNamesKeepTheirOwnPlace) {
  append(*store_, "s", 4);
  ASSERT_TRUE(store_->save_checkpoint("audit", 3));
  Handled audit, fresh;
  auto a = start(*store_, audit.handler(), {.name = "audit"});
  auto f = start(*store_, fresh.handler(), {.name = "fresh"});
  ASSERT_TRUE(a && f && a->wait_for(4, 10s) && f->wait_for(4, 10s));
  EXPECT_EQ(audit.positions(), (std::vector<std::uint64_t>{4}));
  EXPECT_EQ(fresh.positions().size(), 4u);
}

TEST_P(Durable, BatchedCheckpointsAreSavedOnStop) {
  append(*store_, "s", 10);
  Handled handled;
  auto sub = start(*store_, handled.handler(), {.name = "batched", .checkpoint_every = 100});
  ASSERT_TRUE(sub && sub->wait_for(10, 10s));
  EXPECT_EQ(*store_->load_checkpoint("batched"), 0u);  // not yet: fewer than 100 handled
  sub->stop();
  EXPECT_EQ(*store_->load_checkpoint("batched"), 10u);
  EXPECT_EQ(sub->stats().checkpoint, 10u);
}

TEST_P(Durable, AFailingHandlerWithoutDeadLettersStopsAtItsEventAndARestartDeliversItAgain) {
  append(*store_, "s", 5);
  bool fail = true;
  Handled handled;
  auto flaky = [&](const RecordedEvent& e) -> Status {
    if (e.position == 3 && fail) return avx::events::unexpected(Errc::kUnavailable, "database down");
    return handled.handler()(e);
  };
  {
    auto sub = start(*store_, flaky, {.name = "p"});
    ASSERT_TRUE(sub);
    ASSERT_TRUE(avx::testing::eventually([&] { return sub->stats().catch_up.error.has_value(); }));
    const std::string why = sub->stats().catch_up.error->message();
    EXPECT_NE(why.find("'p' stopped at position 3 (s version 3): database down"), std::string::npos) << why;
  }
  EXPECT_EQ(*store_->load_checkpoint("p"), 2u);
  fail = false;
  auto sub = start(*store_, flaky, {.name = "p"});
  ASSERT_TRUE(sub && sub->wait_for(5, 10s));
  EXPECT_EQ(handled.positions(), (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
}

TEST_P(Durable, WithDeadLettersAFailingStreamWaitsWhileOthersFlowAndTheCheckpointMovesOn) {
  append(*store_, "poison", 1);
  append(*store_, "healthy", 2);
  append(*store_, "poison", 1);  // behind the parked letter: queued, not tried
  auto letters = avx::events::make_memory_dead_letters();
  Handled handled;
  std::atomic<int> poison_attempts{0};
  auto handler = [&](const RecordedEvent& e) -> Status {
    if (e.stream == "poison") {
      ++poison_attempts;
      return avx::events::unexpected(Errc::kInternal, "cannot handle");
    }
    return handled.handler()(e);
  };
  auto sub = start(*store_, handler,
                   {.name = "p", .dead_letters = letters.get(), .policy = {.max_attempts = 1}});
  ASSERT_TRUE(sub && sub->wait_for(4, 10s));
  EXPECT_EQ(handled.positions(), (std::vector<std::uint64_t>{2, 3}));
  EXPECT_EQ(poison_attempts.load(), 1);
  auto counts = letters->counts("p");
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->parked, 1u);
  EXPECT_EQ(counts->queued, 1u);
  EXPECT_EQ(sub->stats().handled, 4u);
  EXPECT_EQ(*store_->load_checkpoint("p"), 4u);
}

TEST_P(Durable, BadNamesAndMembersAreRefused) {
  Handled handled;
  auto outside = DurableSubscription::start(*store_, handled.handler(), {.name = "g", .group = {.member = 3, .members = 3}});
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().code(), Errc::kInvalidArgument);
  EXPECT_NE(outside.error().message().find("member 3 of 3 does not exist"), std::string::npos);
  EXPECT_FALSE(DurableSubscription::start(*store_, handled.handler(), {.name = ""}));
  EXPECT_FALSE(DurableSubscription::start(*store_, handled.handler(), {.name = "a#1"}));
}

// Streams -> which member handled them, and each stream's versions in the order handled.
struct GroupRun {
  std::mutex mutex;
  std::map<std::string, std::set<std::uint32_t>> members_of;
  std::map<std::string, std::vector<std::uint64_t>> versions_of;
  std::map<std::uint64_t, int> times_handled;

  DurableSubscription::Handler member(std::uint32_t m) {
    return [this, m](const RecordedEvent& e) -> Status {
      std::lock_guard lock(mutex);
      members_of[e.stream].insert(m);
      versions_of[e.stream].push_back(e.version);
      ++times_handled[e.position];
      return {};
    };
  }
};

TEST_P(Durable, AGroupOfThreeHandlesEachOfTenThousandEventsOnceEachStreamByOneMemberInOrder) {
  constexpr int kStreams = 100, kBefore = 50, kAfter = 50;  // 100 x 100 = 10,000 events
  for (int v = 0; v < kBefore; ++v) {
    for (int s = 0; s < kStreams; ++s) append(*store_, "order-" + std::to_string(s));
  }
  GroupRun run;
  std::vector<std::unique_ptr<DurableSubscription>> members;
  for (std::uint32_t m = 0; m < 3; ++m) {
    members.push_back(start(*store_, run.member(m),
                            {.name = "billing", .group = {.member = m, .members = 3}, .checkpoint_every = 64}));
    ASSERT_TRUE(members.back());
  }
  for (int v = 0; v < kAfter; ++v) {  // while they run
    for (int s = 0; s < kStreams; ++s) append(*store_, "order-" + std::to_string(s));
  }
  for (auto& m : members) ASSERT_TRUE(m->wait_for(kStreams * (kBefore + kAfter), 60s));

  std::lock_guard lock(run.mutex);
  ASSERT_EQ(run.times_handled.size(), 10'000u);
  for (const auto& [position, times] : run.times_handled) ASSERT_EQ(times, 1) << "position " << position;
  std::set<std::uint32_t> busy;
  for (const auto& [stream, who] : run.members_of) {
    ASSERT_EQ(who.size(), 1u) << stream << " was handled by more than one member";
    busy.insert(*who.begin());
    std::vector<std::uint64_t> expected(kBefore + kAfter);
    for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = i + 1;
    ASSERT_EQ(run.versions_of[stream], expected) << stream;
  }
  EXPECT_EQ(busy.size(), 3u) << "100 streams should land on every member";
  std::uint64_t handled = 0;
  for (auto& m : members) handled += m->stats().handled;
  EXPECT_EQ(handled, 10'000u);
}

TEST_P(Durable, ChangingTheGroupSizeHandsNoEventToNobody) {
  for (int s = 0; s < 30; ++s) append(*store_, "order-" + std::to_string(s));
  GroupRun before;
  {  // three members; member 2 stops early, so its checkpoint is the oldest
    std::vector<std::unique_ptr<DurableSubscription>> members;
    for (std::uint32_t m = 0; m < 3; ++m) {
      members.push_back(start(*store_, before.member(m), {.name = "g", .group = {.member = m, .members = 3}}));
      ASSERT_TRUE(members.back());
    }
    for (auto& m : members) ASSERT_TRUE(m->wait_for(30, 10s));
    members[2]->stop();
    for (int s = 0; s < 30; ++s) append(*store_, "order-" + std::to_string(s));
    ASSERT_TRUE(members[0]->wait_for(60, 10s) && members[1]->wait_for(60, 10s));
  }
  GroupRun after;  // two members now
  std::vector<std::unique_ptr<DurableSubscription>> members;
  for (std::uint32_t m = 0; m < 2; ++m) {
    members.push_back(start(*store_, after.member(m), {.name = "g", .group = {.member = m, .members = 2}}));
    ASSERT_TRUE(members.back());
  }
  for (auto& m : members) ASSERT_TRUE(m->wait_for(60, 10s));
  // Positions 31..60 of member 2's streams were never handled before; now every event after the
  // oldest checkpoint (30) is handled by its new owner.
  std::lock_guard lock(after.mutex);
  for (std::uint64_t p = 31; p <= 60; ++p) EXPECT_EQ(after.times_handled[p], 1) << "position " << p;
  EXPECT_EQ(after.times_handled.count(30), 0u);
  EXPECT_EQ(*store_->load_checkpoint("g#members"), 2u);
}
}  // namespace
