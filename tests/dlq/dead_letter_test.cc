// The dead-letter suite (dead_letter_suite.cc) on the in-process backends, memory and SQLite (the
// PostgreSQL one runs it in tests/postgres), and what does not depend on a backend: a guard whose
// letters cannot be kept, the retry policy's backoff, the guard's background thread.

#include <atomic>
#include <filesystem>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <avx/events.h>

#include "tests/dlq/dead_letter_suite.h"
#include "tests/support/deadline.h"

namespace {

using namespace std::chrono_literals;
using avx::events::DeadLetter;
using avx::events::DeadLetterGuard;
using avx::events::DeadLetterStore;
using avx::events::GuardOptions;
using avx::events::RecordedEvent;
using avx::events::Result;
using avx::events::RetryPolicy;
using avx::events::Status;
using avx::events::Timestamp;
using avx::testing::DeadLetters;
using avx::testing::DurableDeadLetters;
using avx::testing::LetterBackend;
using avx::testing::letter_event;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string db_path() {
  std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::replace(name.begin(), name.end(), '/', '_');
  auto path = std::filesystem::path(std::getenv("TEST_TMPDIR")) / (name + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return path.string();
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
  ASSERT_TRUE(guard.deliver(letter_event("a", 1)).has_value());
  EXPECT_TRUE(avx::testing::eventually([&] { return letters->list("", 0, 1)->empty(); }));
  guard.stop();
  EXPECT_EQ(calls.load(), 3);
  EXPECT_TRUE(letters->list("", 0, 1)->empty());
}


avx::testing::LetterOpener memory_place() {
  return [] { return avx::events::make_memory_dead_letters(); };
}

avx::testing::LetterOpener sqlite_place() {
  std::string path = db_path();
  return [path] {
    auto opened = avx::events::open_sqlite_dead_letters(path);
    EXPECT_TRUE(opened.has_value()) << opened.error().message();
    return opened ? std::move(*opened) : nullptr;
  };
}

INSTANTIATE_TEST_SUITE_P(Backends, DeadLetters,
                         ::testing::Values(LetterBackend{"Memory", memory_place}, LetterBackend{"Sqlite", sqlite_place}),
                         avx::testing::letter_backend_name);
INSTANTIATE_TEST_SUITE_P(Durable, DurableDeadLetters, ::testing::Values(LetterBackend{"Sqlite", sqlite_place}),
                         avx::testing::letter_backend_name);

}  // namespace
