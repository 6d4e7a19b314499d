// The dead-letter store suite's tests (dead_letter_suite.h): the guard on every backend.

#include <atomic>
#include <map>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <avx/events.h>

#include "tests/dlq/dead_letter_suite.h"
#include "tests/schemas/orders.avx.h"
#include "tests/support/deadline.h"

namespace {

using namespace std::chrono_literals;
using avx::events::DeadLetter;
using avx::events::DeadLetterGuard;
using avx::events::DeadLetterStore;
using avx::events::GuardOptions;
using avx::events::LetterState;
using avx::events::RecordedEvent;
using avx::events::Result;
using avx::events::RetryPolicy;
using avx::events::Status;
using avx::events::Timestamp;
using avx::testing::DeadLetters;
using avx::testing::DurableDeadLetters;
using avx::testing::letter_event;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A handler that fails on chosen (stream, position)s and records what it handled, in order.
struct Flaky {
  std::set<std::pair<std::string, std::uint64_t>> failing;
  std::vector<std::string> handled{};
  int calls = 0;
  Status operator()(const RecordedEvent& e) {
    ++calls;
    if (failing.count({e.stream, e.position})) {
      return avx::events::unexpected(avx::events::Errc::kUnavailable, "projection db down at " + e.stream);
    }
    handled.push_back(e.stream + "#" + std::to_string(e.position));
    return {};
  }
};

TEST_P(DeadLetters, RetriesFollowTheBackoffOnTheInjectedClock) {
  Flaky flaky{{{"a", 1}}};
  DeadLetterGuard guard(*letters_, std::ref(flaky), options({5, 100ms, 10s, 2.0, 0.0}));
  ASSERT_TRUE(guard.deliver(letter_event("a", 1)).has_value());
  EXPECT_EQ(flaky.calls, 1);

  clock_.advance(99ms);
  EXPECT_EQ(*guard.poll(), 0u);  // not due yet
  clock_.advance(1ms);
  EXPECT_EQ(*guard.poll(), 1u);  // second attempt at +100ms, fails
  clock_.advance(199ms);
  EXPECT_EQ(*guard.poll(), 0u);  // the next wait doubled to 200ms
  clock_.advance(1ms);
  flaky.failing.clear();
  EXPECT_EQ(*guard.poll(), 1u);  // third attempt succeeds
  EXPECT_THAT(flaky.handled, ElementsAre("a#1"));
  EXPECT_TRUE(letters_->list("", 0, 10)->empty());
  auto s = guard.stats();
  EXPECT_EQ(s.delivered, 1u);
  EXPECT_EQ(s.failures, 2u);
  EXPECT_EQ(s.retries, 2u);
  EXPECT_EQ(s.parked, 0u);
}

TEST_P(DeadLetters, OutOfAttemptsTheEventIsParkedWithTheErrorAndTimes) {
  Flaky flaky{{{"a", 1}}};
  DeadLetterGuard guard(*letters_, std::ref(flaky), options());
  Timestamp first = clock_.now();
  ASSERT_TRUE(guard.deliver(letter_event("a", 1, "bytes as stored")).has_value());
  for (int i = 0; i < 5; ++i) {
    clock_.advance(1s);
    ASSERT_TRUE(guard.poll().has_value());
  }
  EXPECT_EQ(flaky.calls, 3);  // max_attempts, not more
  auto all = *letters_->list("projection", 0, 10);
  ASSERT_EQ(all.size(), 1u);
  const DeadLetter& l = all[0];
  EXPECT_EQ(l.state, LetterState::kParked);
  EXPECT_EQ(l.attempts, 3u);
  EXPECT_EQ(l.error, "projection db down at a");
  EXPECT_EQ(l.first_failed_at, first);
  EXPECT_EQ(l.last_failed_at, first + 2s);
  EXPECT_EQ(l.event.payload, "bytes as stored");
  EXPECT_EQ(l.event.type, "test.Happened");
  EXPECT_EQ(l.event.origin, letter_event("a", 1).origin);  // who caused the event, kept with the letter
  EXPECT_EQ(guard.stats().letters.parked, 1u);
  EXPECT_EQ(guard.stats().parked, 1u);
}

TEST_P(DeadLetters, ALetterWhoseOriginNoStoreCouldKeepIsRefused) {
  DeadLetter l;
  l.subscription = "projection";
  l.sequence = "a";
  l.event = letter_event("a", 1);
  l.event.origin.headers["no spaces"] = "v";
  auto added = letters_->add(l);
  ASSERT_FALSE(added.has_value());
  EXPECT_EQ(added.error().code(), avx::events::Errc::kInvalidArgument);
  EXPECT_THAT(added.error().message(), HasSubstr("dead letter not stored: header key 'no spaces'"));
  EXPECT_TRUE(letters_->list("", 0, 10)->empty());
}

TEST_P(DeadLetters, LaterEventsOfAnAggregateWaitBehindItsLetterOthersFlow) {
  Flaky flaky{{{"a", 1}}};
  DeadLetterGuard guard(*letters_, std::ref(flaky), options({1, 100ms, 10s, 2.0, 0.0}));
  ASSERT_TRUE(guard.deliver(letter_event("a", 1)).has_value());  // parked at once (1 attempt)
  ASSERT_TRUE(guard.deliver(letter_event("b", 2)).has_value());
  ASSERT_TRUE(guard.deliver(letter_event("a", 3)).has_value());  // behind a#1: not tried
  ASSERT_TRUE(guard.deliver(letter_event("b", 4)).has_value());
  ASSERT_TRUE(guard.deliver(letter_event("a", 5)).has_value());
  EXPECT_THAT(flaky.handled, ElementsAre("b#2", "b#4"));
  auto counts = guard.stats().letters;
  EXPECT_EQ(counts.parked, 1u);
  EXPECT_EQ(counts.queued, 2u);

  flaky.failing.clear();  // the fix is deployed
  auto replayed = guard.replay();
  ASSERT_TRUE(replayed.has_value()) << replayed.error().message();
  EXPECT_EQ(*replayed, 1u);
  EXPECT_THAT(flaky.handled, ElementsAre("b#2", "b#4", "a#1", "a#3", "a#5"));
  EXPECT_TRUE(letters_->list("", 0, 10)->empty());
  ASSERT_TRUE(guard.deliver(letter_event("a", 6)).has_value());  // the aggregate flows again
  EXPECT_EQ(flaky.handled.back(), "a#6");
}

TEST_P(DeadLetters, AQueuedEventThatFailsBecomesTheHeadAndKeepsTheRestBehind) {
  Flaky flaky{{{"a", 1}, {"a", 2}}};
  DeadLetterGuard guard(*letters_, std::ref(flaky), options({2, 100ms, 10s, 2.0, 0.0}));
  for (std::uint64_t p : {1, 2, 3}) ASSERT_TRUE(guard.deliver(letter_event("a", p)).has_value());
  flaky.failing.erase({"a", 1});
  clock_.advance(100ms);
  ASSERT_TRUE(guard.poll().has_value());  // a#1 succeeds; a#2 is tried and fails; a#3 waits
  EXPECT_THAT(flaky.handled, ElementsAre("a#1"));
  auto all = *letters_->list("projection", 0, 10);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].event.position, 2u);
  EXPECT_EQ(all[0].state, LetterState::kRetrying);
  EXPECT_EQ(all[0].attempts, 1u);
  EXPECT_EQ(all[1].state, LetterState::kQueued);
}

TEST_P(DeadLetters, ReplayOfAStillFailingLetterParksItAgainAfterThePolicy) {
  Flaky flaky{{{"a", 1}}};
  DeadLetterGuard guard(*letters_, std::ref(flaky), options({3, 100ms, 10s, 2.0, 0.0}));
  ASSERT_TRUE(guard.deliver(letter_event("a", 1)).has_value());
  for (int i = 0; i < 4; ++i) {
    clock_.advance(1s);
    (void)guard.poll();
  }
  ASSERT_EQ(flaky.calls, 3);
  ASSERT_EQ(*guard.replay(), 1u);  // one attempt now...
  for (int i = 0; i < 10; ++i) {
    clock_.advance(1s);
    (void)guard.poll();  // ...and the policy's others, then parked again
  }
  EXPECT_EQ(flaky.calls, 6);
  auto l = (*letters_->list("projection", 0, 10))[0];
  EXPECT_EQ(l.state, LetterState::kParked);
  EXPECT_EQ(l.attempts, 3u);
}

TEST_P(DeadLetters, AThrowingHandlerIsAFailureWithItsMessage) {
  DeadLetterGuard guard(*letters_, [](const RecordedEvent&) -> Status { throw std::runtime_error("boom"); },
                        options({1, 100ms, 10s, 2.0, 0.0}));
  ASSERT_TRUE(guard.deliver(letter_event("a", 1)).has_value());
  EXPECT_EQ((*letters_->list("", 0, 10))[0].error, "handler threw: boom");
}

TEST_P(DeadLetters, PurgingAHeadLetsTheNextLetterOfItsSequenceRun) {
  Flaky flaky{{{"a", 1}}};
  DeadLetterGuard guard(*letters_, std::ref(flaky), options({1, 100ms, 10s, 2.0, 0.0}));
  for (std::uint64_t p : {1, 2}) ASSERT_TRUE(guard.deliver(letter_event("a", p)).has_value());
  auto head = *letters_->head("projection", "a");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(*letters_->purge("projection", head->id), 1u);
  ASSERT_TRUE(guard.poll().has_value());
  EXPECT_THAT(flaky.handled, ElementsAre("a#2"));
  EXPECT_TRUE(letters_->list("", 0, 10)->empty());
  // Purging by subscription leaves other subscriptions alone.
  DeadLetterGuard other(*letters_, std::ref(flaky), [&] {
    auto o = options({1, 100ms, 10s, 2.0, 0.0});
    o.subscription = "mailer";
    return o;
  }());
  flaky.failing = {{"c", 9}};
  ASSERT_TRUE(other.deliver(letter_event("c", 9)).has_value());
  EXPECT_EQ(*letters_->purge("projection", std::nullopt), 0u);
  EXPECT_EQ(letters_->list("mailer", 0, 10)->size(), 1u);
}

// Old letters replay as today's type: the handler reads through the generated registry.
TEST_P(DeadLetters, ReplayUpcastsLettersParkedUnderAnOlderSchema) {
  struct Totals : tests::orders::Subscriber {
    Status on(const tests::orders::OrderPlaced& e, const avx::events::Metadata&) override {
      if (broken) return avx::events::unexpected(avx::events::Errc::kUnavailable, "broken");
      totals.push_back(e.total.amount_cents);  // `total` is v2's name for v1's `amount`
      return {};
    }
    bool broken = true;
    std::vector<std::int64_t> totals;
  } totals;
  DeadLetterGuard guard(*letters_, [&](const RecordedEvent& e) { return tests::orders::deliver(totals, e); },
                        options({1, 100ms, 10s, 2.0, 0.0}));
  RecordedEvent v1 = letter_event("Order-o-1", 1, avx::events::encode(tests::orders::OrderPlacedV1{"o-1", "c", {}, {42, {}}}));
  v1.type = std::string(tests::orders::OrderPlaced::kType);
  v1.schema_version = 1;
  ASSERT_TRUE(guard.deliver(v1).has_value());
  EXPECT_EQ(guard.stats().letters.parked, 1u);
  totals.broken = false;
  ASSERT_TRUE(guard.replay().has_value());
  EXPECT_THAT(totals.totals, ElementsAre(42));
}

// Hostile bytes in a letter: the replay fails with a decode error and the letter stays parked.
TEST_P(DeadLetters, CorruptPayloadStaysParkedWithADecodeError) {
  struct Any : tests::orders::Subscriber {} any;
  DeadLetterGuard guard(*letters_, [&](const RecordedEvent& e) { return tests::orders::deliver(any, e); },
                        options({1, 100ms, 10s, 2.0, 0.0}));
  RecordedEvent bad = letter_event("Order-o-1", 1, std::string("\xff\x00\x13garbage", 10));
  bad.type = std::string(tests::orders::OrderPlaced::kType);
  bad.schema_version = 2;
  ASSERT_TRUE(guard.deliver(bad).has_value());
  ASSERT_TRUE(guard.replay().has_value());
  auto l = (*letters_->list("", 0, 10))[0];
  EXPECT_EQ(l.state, LetterState::kParked);
  EXPECT_FALSE(l.error.empty());
}

// Durable backends: letters, their state and the event bytes outlive the process.
TEST_P(DurableDeadLetters, LettersSurviveARestart) {
  Flaky flaky{{{"a", 1}}};
  {
    DeadLetterGuard guard(*letters_, std::ref(flaky), options({2, 100ms, 10s, 2.0, 0.0}));
    ASSERT_TRUE(guard.deliver(letter_event("a", 1, "one")).has_value());
    ASSERT_TRUE(guard.deliver(letter_event("a", 2, "two")).has_value());
  }
  letters_.reset();  // the process goes away
  open();
  auto all = *letters_->list("projection", 0, 10);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].event.payload, "one");
  EXPECT_EQ(all[0].event.origin, letter_event("a", 1).origin);
  EXPECT_EQ(all[0].state, LetterState::kRetrying);
  EXPECT_EQ(all[1].state, LetterState::kQueued);
  flaky.failing.clear();
  DeadLetterGuard again(*letters_, std::ref(flaky), options({2, 100ms, 10s, 2.0, 0.0}));
  clock_.advance(1s);
  ASSERT_TRUE(again.poll().has_value());
  EXPECT_THAT(flaky.handled, ElementsAre("a#1", "a#2"));
  EXPECT_TRUE(letters_->list("", 0, 10)->empty());
}

// No lock of the guard is held while its handler runs: the handler may read the guard's stats,
// on the caller's thread and on the background poller; calling deliver from inside is refused.
TEST_P(DeadLetters, AHandlerMayCallBackIntoItsGuard) {
  avx::testing::within(60s, "a dead-letter handler calls back into its guard", [&] {
    DeadLetterGuard* self = nullptr;
    std::atomic<int> calls{0};
    avx::events::Status nested;
    DeadLetterGuard guard(
        *letters_,
        [&](const RecordedEvent& e) -> Status {
          (void)self->stats();  // used to deadlock: the handler ran under the guard's mutex
          if (calls.fetch_add(1) == 0) nested = self->deliver(letter_event("other", 99));
          if (e.stream == "fails") return avx::events::unexpected(avx::events::Errc::kUnavailable, "down");
          return {};
        },
        options({2, 1ms, 1ms, 1.0, 0.0}));
    self = &guard;
    ASSERT_TRUE(guard.deliver(letter_event("a", 1)).has_value());
    ASSERT_FALSE(nested.has_value());
    EXPECT_EQ(nested.error().code(), avx::events::Errc::kFailedPrecondition);
    ASSERT_TRUE(guard.deliver(letter_event("fails", 2)).has_value());
    clock_.advance(10ms);
    ASSERT_TRUE(guard.poll().has_value());  // the second attempt parks it; the handler reads stats again
    EXPECT_EQ(guard.stats().parked, 1u);
    EXPECT_EQ(calls.load(), 3);
  });
}

}  // namespace
