// The dead-letter guard on both backends: retry timing on an injected clock, parking with the
// error, per-aggregate order, replay after a fix (upcasting old letters), replay of a still
// failing letter, purge, and letters surviving a restart.

#include <atomic>
#include <filesystem>
#include <map>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <avx/events.h>

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
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string db_path() {
  std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::replace(name.begin(), name.end(), '/', '_');
  auto path = std::filesystem::path(std::getenv("TEST_TMPDIR")) / (name + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return path.string();
}

RecordedEvent event(std::string stream, std::uint64_t position, std::string payload = "p") {
  RecordedEvent e;
  e.stream = std::move(stream);
  e.version = position;
  e.position = position;
  e.event_id = avx::events::EventId::generate();
  e.type = "test.Happened";
  e.payload = std::move(payload);
  e.timestamp = avx::events::now();
  return e;
}

// A clock the test moves by hand.
struct ManualClock {
  Timestamp t = avx::events::timestamp_from_nanos(1'000'000'000'000);
  std::function<Timestamp()> fn() {
    return [this] { return t; };
  }
};

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

class DeadLetters : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override { open(); }
  void open() {
    if (!GetParam()) {
      if (!letters_) letters_ = avx::events::make_memory_dead_letters();
      return;
    }
    if (path_.empty()) path_ = db_path();
    auto opened = avx::events::open_sqlite_dead_letters(path_);
    ASSERT_TRUE(opened.has_value()) << opened.error().message();
    letters_ = std::move(*opened);
  }
  GuardOptions options(RetryPolicy policy = {3, 100ms, 10s, 2.0, 0.0}) {
    GuardOptions o;
    o.subscription = "projection";
    o.policy = policy;
    o.clock = clock_.fn();
    o.seed = 7;
    return o;
  }
  std::unique_ptr<DeadLetterStore> letters_;
  std::string path_;
  ManualClock clock_;
};

TEST_P(DeadLetters, RetriesFollowTheBackoffOnTheInjectedClock) {
  Flaky flaky{{{"a", 1}}};
  DeadLetterGuard guard(*letters_, std::ref(flaky), options({5, 100ms, 10s, 2.0, 0.0}));
  ASSERT_TRUE(guard.deliver(event("a", 1)).has_value());
  EXPECT_EQ(flaky.calls, 1);

  clock_.t += 99ms;
  EXPECT_EQ(*guard.poll(), 0u);  // not due yet
  clock_.t += 1ms;
  EXPECT_EQ(*guard.poll(), 1u);  // second attempt at +100ms, fails
  clock_.t += 199ms;
  EXPECT_EQ(*guard.poll(), 0u);  // the next wait doubled to 200ms
  clock_.t += 1ms;
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
  Timestamp first = clock_.t;
  ASSERT_TRUE(guard.deliver(event("a", 1, "bytes as stored")).has_value());
  for (int i = 0; i < 5; ++i) {
    clock_.t += 1s;
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
  EXPECT_EQ(guard.stats().letters.parked, 1u);
  EXPECT_EQ(guard.stats().parked, 1u);
}

TEST_P(DeadLetters, LaterEventsOfAnAggregateWaitBehindItsLetterOthersFlow) {
  Flaky flaky{{{"a", 1}}};
  DeadLetterGuard guard(*letters_, std::ref(flaky), options({1, 100ms, 10s, 2.0, 0.0}));
  ASSERT_TRUE(guard.deliver(event("a", 1)).has_value());  // parked at once (1 attempt)
  ASSERT_TRUE(guard.deliver(event("b", 2)).has_value());
  ASSERT_TRUE(guard.deliver(event("a", 3)).has_value());  // behind a#1: not tried
  ASSERT_TRUE(guard.deliver(event("b", 4)).has_value());
  ASSERT_TRUE(guard.deliver(event("a", 5)).has_value());
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
  ASSERT_TRUE(guard.deliver(event("a", 6)).has_value());  // the aggregate flows again
  EXPECT_EQ(flaky.handled.back(), "a#6");
}

TEST_P(DeadLetters, AQueuedEventThatFailsBecomesTheHeadAndKeepsTheRestBehind) {
  Flaky flaky{{{"a", 1}, {"a", 2}}};
  DeadLetterGuard guard(*letters_, std::ref(flaky), options({2, 100ms, 10s, 2.0, 0.0}));
  for (std::uint64_t p : {1, 2, 3}) ASSERT_TRUE(guard.deliver(event("a", p)).has_value());
  flaky.failing.erase({"a", 1});
  clock_.t += 100ms;
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
  ASSERT_TRUE(guard.deliver(event("a", 1)).has_value());
  for (int i = 0; i < 4; ++i) {
    clock_.t += 1s;
    (void)guard.poll();
  }
  ASSERT_EQ(flaky.calls, 3);
  ASSERT_EQ(*guard.replay(), 1u);  // one attempt now...
  for (int i = 0; i < 10; ++i) {
    clock_.t += 1s;
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
  ASSERT_TRUE(guard.deliver(event("a", 1)).has_value());
  EXPECT_EQ((*letters_->list("", 0, 10))[0].error, "handler threw: boom");
}

TEST_P(DeadLetters, PurgingAHeadLetsTheNextLetterOfItsSequenceRun) {
  Flaky flaky{{{"a", 1}}};
  DeadLetterGuard guard(*letters_, std::ref(flaky), options({1, 100ms, 10s, 2.0, 0.0}));
  for (std::uint64_t p : {1, 2}) ASSERT_TRUE(guard.deliver(event("a", p)).has_value());
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
  ASSERT_TRUE(other.deliver(event("c", 9)).has_value());
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
  RecordedEvent v1 = event("Order-o-1", 1, avx::events::encode(tests::orders::OrderPlacedV1{"o-1", "c", {}, {42, {}}}));
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
  RecordedEvent bad = event("Order-o-1", 1, std::string("\xff\x00\x13garbage", 10));
  bad.type = std::string(tests::orders::OrderPlaced::kType);
  bad.schema_version = 2;
  ASSERT_TRUE(guard.deliver(bad).has_value());
  ASSERT_TRUE(guard.replay().has_value());
  auto l = (*letters_->list("", 0, 10))[0];
  EXPECT_EQ(l.state, LetterState::kParked);
  EXPECT_FALSE(l.error.empty());
}

// The durable backend: letters, their state and the event bytes outlive the process.
class SqliteDeadLetters : public DeadLetters {};

TEST_P(SqliteDeadLetters, LettersSurviveARestart) {
  Flaky flaky{{{"a", 1}}};
  {
    DeadLetterGuard guard(*letters_, std::ref(flaky), options({2, 100ms, 10s, 2.0, 0.0}));
    ASSERT_TRUE(guard.deliver(event("a", 1, "one")).has_value());
    ASSERT_TRUE(guard.deliver(event("a", 2, "two")).has_value());
  }
  letters_.reset();  // the process goes away
  open();
  auto all = *letters_->list("projection", 0, 10);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].event.payload, "one");
  EXPECT_EQ(all[0].state, LetterState::kRetrying);
  EXPECT_EQ(all[1].state, LetterState::kQueued);
  flaky.failing.clear();
  DeadLetterGuard again(*letters_, std::ref(flaky), options({2, 100ms, 10s, 2.0, 0.0}));
  clock_.t += 1s;
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
          if (calls.fetch_add(1) == 0) nested = self->deliver(event("other", 99));
          if (e.stream == "fails") return avx::events::unexpected(avx::events::Errc::kUnavailable, "down");
          return {};
        },
        options({2, 1ms, 1ms, 1.0, 0.0}));
    self = &guard;
    ASSERT_TRUE(guard.deliver(event("a", 1)).has_value());
    ASSERT_FALSE(nested.has_value());
    EXPECT_EQ(nested.error().code(), avx::events::Errc::kFailedPrecondition);
    ASSERT_TRUE(guard.deliver(event("fails", 2)).has_value());
    clock_.t += 10ms;
    ASSERT_TRUE(guard.poll().has_value());  // the second attempt parks it; the handler reads stats again
    EXPECT_EQ(guard.stats().parked, 1u);
    EXPECT_EQ(calls.load(), 3);
  });
}

// A dead-letter store that fails while `down` (the database went away), else the memory one.
class FlakyLetters final : public DeadLetterStore {
 public:
  bool down = false;
  Result<std::uint64_t> add(DeadLetter letter) override {
    if (down) return avx::events::unexpected(avx::events::Errc::kUnavailable, "letters db down");
    return inner_->add(std::move(letter));
  }
  Status update(const DeadLetter& l) override { return inner_->update(l); }
  Status remove(std::uint64_t id) override { return inner_->remove(id); }
  Result<std::optional<DeadLetter>> get(std::uint64_t id) override { return inner_->get(id); }
  Result<std::vector<DeadLetter>> list(std::string_view s, std::uint64_t after, std::size_t n) override {
    return inner_->list(s, after, n);
  }
  Result<std::optional<DeadLetter>> head(std::string_view s, std::string_view q) override { return inner_->head(s, q); }
  Result<std::vector<DeadLetter>> due(std::string_view s, Timestamp t, std::size_t n) override {
    return inner_->due(s, t, n);
  }
  Result<avx::events::LetterCounts> counts(std::string_view s) override { return inner_->counts(s); }
  Result<std::uint64_t> request_replay(std::string_view s, std::optional<std::uint64_t> id, Timestamp t) override {
    return inner_->request_replay(s, id, t);
  }
  Result<std::uint64_t> purge(std::string_view s, std::optional<std::uint64_t> id) override {
    return inner_->purge(s, id);
  }

 private:
  std::unique_ptr<DeadLetterStore> inner_ = avx::events::make_memory_dead_letters();
};

// The pattern of dead_letter_guard.h: when the guard cannot keep a failed event, the catch-up
// subscription stops at it, and a restart from there delivers it: no path drops an event.
TEST(DeadLetterGuard, AFailedEventThatCannotBeKeptStopsTheSubscriptionAtIt) {
  auto store = avx::events::make_memory_store();
  for (int i = 0; i < 3; ++i) {
    avx::events::EventData e;
    e.event_id = avx::events::EventId::generate();
    e.type = "test.Happened";
    ASSERT_TRUE(store->append("s-" + std::to_string(i), avx::events::ExpectedVersion::any(), {&e, 1}).has_value());
  }
  FlakyLetters letters;
  letters.down = true;
  std::vector<std::uint64_t> handled;
  DeadLetterGuard guard(letters, [&](const RecordedEvent& e) -> Status {
    if (e.position == 2 && letters.down) return avx::events::unexpected(avx::events::Errc::kUnavailable, "busy");
    handled.push_back(e.position);
    return {};
  });
  auto handler = [&](const RecordedEvent& e) {
    if (auto kept = guard.deliver(e); !kept) throw std::runtime_error(kept.error().message());
  };
  auto first = avx::events::CatchUpSubscription::start(*store, handler);
  ASSERT_TRUE(first.has_value());
  ASSERT_FALSE((*first)->wait_for(2, 5s));
  auto stopped = (*first)->stats();
  ASSERT_TRUE(stopped.error.has_value());
  EXPECT_THAT(stopped.error->message(), HasSubstr("letters db down"));
  EXPECT_EQ(stopped.last, 1u);
  (*first)->stop();

  letters.down = false;
  avx::events::CatchUpOptions from_there;
  from_there.from = stopped.last + 1;
  auto second = avx::events::CatchUpSubscription::start(*store, handler, from_there);
  ASSERT_TRUE(second.has_value());
  ASSERT_TRUE((*second)->wait_for(3, 5s));
  EXPECT_THAT(handled, ElementsAre(1, 2, 3));
}

INSTANTIATE_TEST_SUITE_P(Durable, SqliteDeadLetters, ::testing::Values(true),
                         [](const auto&) { return std::string("Sqlite"); });

TEST(RetryPolicy, BackoffGrowsIsCappedAndJittersWithinBounds) {
  RetryPolicy p{10, 100ms, 1s, 2.0, 0.0};
  std::mt19937_64 random(1);
  EXPECT_EQ(p.backoff(1, random), 100ms);
  EXPECT_EQ(p.backoff(2, random), 200ms);
  EXPECT_EQ(p.backoff(4, random), 800ms);
  EXPECT_EQ(p.backoff(5, random), 1s);  // capped
  p.jitter = 0.25;
  std::set<std::int64_t> seen;
  for (int i = 0; i < 200; ++i) {
    auto wait = p.backoff(2, random);
    ASSERT_GE(wait, 150ms);
    ASSERT_LE(wait, 250ms);
    seen.insert(wait.count());
  }
  EXPECT_GT(seen.size(), 100u);  // actually random
}

TEST(GuardThread, RetriesInTheBackgroundWithARealClock) {
  auto letters = avx::events::make_memory_dead_letters();
  std::atomic<int> calls{0};
  GuardOptions o;
  o.policy = {3, 1ms, 1ms, 1.0, 0.0};
  o.poll_interval = 1ms;
  DeadLetterGuard guard(*letters, [&](const RecordedEvent&) -> Status {
    if (++calls < 3) return avx::events::unexpected(avx::events::Errc::kUnavailable, "not yet");
    return {};
  }, o);
  guard.start();
  ASSERT_TRUE(guard.deliver(event("a", 1)).has_value());
  EXPECT_TRUE(avx::testing::eventually([&] { return letters->list("", 0, 1)->empty(); }));
  guard.stop();
  EXPECT_EQ(calls.load(), 3);
  EXPECT_TRUE(letters->list("", 0, 1)->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, DeadLetters, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Sqlite" : "Memory"; });

}  // namespace
