// Event ids: unique across threads, strictly increasing within one, ordered by time, and their text
// form parses back.

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "avx/events/event_id.h"
#include "avx/events/time.h"

namespace {

using avx::events::EventId;

TEST(EventId, StrictlyIncreasingWithinAThreadAndNeverNil) {
  EventId previous = EventId::generate();
  EXPECT_FALSE(previous.is_nil());
  for (int i = 0; i < 10000; ++i) {  // crosses many refreshes of the time prefix
    EventId next = EventId::generate();
    ASSERT_LT(previous, next) << i;
    previous = next;
  }
}

TEST(EventId, UniqueAcrossThreads) {
  constexpr int kThreads = 8, kEach = 20000;
  std::vector<std::vector<EventId>> made(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) made[t].push_back(EventId::generate());
    });
  }
  for (auto& t : threads) t.join();
  std::set<EventId> all;
  for (const auto& ids : made) all.insert(ids.begin(), ids.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kEach));
}

// Time-ordered, like UUIDv7: the high word starts with the time in milliseconds, so ids made later
// (after a refresh of the prefix) sort after earlier ones from any thread.
TEST(EventId, HighWordCarriesTheTime) {
  auto ms = [](avx::events::Timestamp t) {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
  };
  std::uint64_t before = ms(avx::events::now());
  EventId id;
  std::thread([&] { id = EventId::generate(); }).join();  // a fresh thread reads the clock first
  std::uint64_t after = ms(avx::events::now());
  EXPECT_GE((id.high() >> 16) + 20, before);  // the coarse clock may lag by a tick
  EXPECT_LE(id.high() >> 16, after);

  EventId later;
  std::thread([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    later = EventId::generate();
  }).join();
  EXPECT_LT(id, later);
}

TEST(EventId, TextFormRoundTripsAndRejectsGarbage) {
  EventId id = EventId::generate();
  EXPECT_EQ(id.to_string().size(), 32u);
  EXPECT_EQ(EventId::parse(id.to_string()), id);
  EXPECT_EQ(EventId::parse(std::string(31, 'a')), std::nullopt);
  EXPECT_EQ(EventId::parse(std::string(31, 'a') + "g"), std::nullopt);
  EXPECT_EQ(EventId::parse(""), std::nullopt);
}

// After fork(), the child inherits the forking thread's id state; its ids must still differ.
TEST(EventId, ParentAndChildOfAForkGenerateDifferentIds) {
  constexpr int kEach = 1000;
  EventId before = EventId::generate();  // the thread's state exists before the fork
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    for (int i = 0; i < kEach; ++i) {
      EventId id = EventId::generate();
      std::uint64_t words[2] = {id.high(), id.low()};
      if (write(fds[1], words, sizeof words) != sizeof words) _exit(2);
    }
    _exit(0);
  }
  close(fds[1]);
  std::set<EventId> parent;
  for (int i = 0; i < kEach; ++i) parent.insert(EventId::generate());
  int collisions = 0, received = 0;
  std::uint64_t words[2];
  while (read(fds[0], words, sizeof words) == sizeof words) {
    ++received;
    collisions += parent.count(EventId(words[0], words[1])) ? 1 : 0;
  }
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(received, kEach);
  EXPECT_EQ(collisions, 0);
  EXPECT_FALSE(parent.count(before));
}

// The time prefix follows the clock even for a thread that makes few ids.
TEST(EventId, TimePrefixIsNeverStale) {
  EventId first = EventId::generate();
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EventId second = EventId::generate();
  std::uint64_t elapsed_ms = (second.high() >> 16) - (first.high() >> 16);
  EXPECT_GE(elapsed_ms, 20u);  // coarse clock: a few ms of slack
}

}  // namespace
