// Catch-up readers never skip an event on PostgreSQL: 8 writers, each on a
// connection of its own, append concurrently while readers on other connections tail $all the
// whole time. A position is taken when an append runs but visible only when it commits; were 11
// to commit before 10, a reader at 10 would move past it forever. Every reader must see every
// position exactly once, in order, and every written event.

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <avx/events/postgres.h>

#include "tools/dev/postgres_server.h"

namespace {

using namespace std::chrono_literals;
using avx::events::EventData;
using avx::events::EventId;
using avx::events::EventPage;
using avx::events::ExpectedVersion;

constexpr int kWriters = 8, kReaders = 3, kAppendsPerWriter = 60;

std::unique_ptr<avx::events::EventStore> open(const avx::dev::PostgresServer& server) {
  auto store = avx::events::open_postgres_store(server.conninfo());
  EXPECT_TRUE(store) << store.error().message();
  return store ? std::move(*store) : nullptr;
}

TEST(PostgresCatchUp, ReadersTailingAllSeeEveryPositionOnceAndInOrder) {
  avx::dev::PostgresServer server;
  ASSERT_NE(open(server), nullptr);  // creates the tables before anyone races
  std::atomic<int> written_events{0};
  std::atomic<bool> writers_done{false};
  std::vector<std::set<std::string>> written(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto store = open(server);
      if (!store) return;
      for (int i = 0; i < kAppendsPerWriter; ++i) {
        std::vector<EventData> batch(1 + (i % 3));  // batches of 1 to 3
        for (EventData& e : batch) {
          e.event_id = EventId::generate();
          e.type = "test.Written";
          e.payload = "w" + std::to_string(w);
          written[w].insert(e.event_id.to_string());
        }
        // Own streams, and one stream everybody appends to.
        const std::string stream = i % 4 == 0 ? "shared" : "writer-" + std::to_string(w);
        auto appended = store->append(stream, ExpectedVersion::any(), batch);
        ASSERT_TRUE(appended) << appended.error().message();
        written_events += static_cast<int>(batch.size());
      }
    });
  }
  std::vector<std::vector<avx::events::RecordedEvent>> seen(kReaders);
  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&, r] {
      auto store = open(server);
      if (!store) return;
      EventPage page;
      std::uint64_t next = 1;
      const auto until = std::chrono::steady_clock::now() + 120s;
      while (std::chrono::steady_clock::now() < until) {
        ASSERT_TRUE(store->read_all_into(next, 50, page));
        for (const auto& e : page) seen[r].push_back(e);
        if (!page.empty()) next = page.back().position + 1;
        if (page.empty() && writers_done && static_cast<int>(seen[r].size()) >= written_events) return;
      }
    });
  }
  for (auto& t : writers) t.join();
  writers_done = true;
  for (auto& t : readers) t.join();

  std::set<std::string> all_written;
  for (const auto& ids : written) all_written.insert(ids.begin(), ids.end());
  ASSERT_EQ(static_cast<int>(all_written.size()), written_events.load());
  for (int r = 0; r < kReaders; ++r) {
    ASSERT_EQ(seen[r].size(), all_written.size()) << "reader " << r;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < seen[r].size(); ++i) {
      ASSERT_EQ(seen[r][i].position, i + 1) << "reader " << r << " skipped or repeated a position";
      ids.insert(seen[r][i].event_id.to_string());
    }
    EXPECT_EQ(ids, all_written) << "reader " << r;
  }
}

// Threads sharing one store: their appends are committed in groups, yet each keeps its own
// outcome. A wrong expected version fails alone, a retried append is recognized, an id stored
// elsewhere is refused, and the commit listener sees every position once, in order.
TEST(PostgresGroupCommit, AppendsCommittedTogetherKeepTheirOwnOutcomes) {
  avx::dev::PostgresServer server;
  auto store = open(server);
  ASSERT_NE(store, nullptr);
  std::vector<std::uint64_t> heard;
  std::mutex heard_mutex;
  store->add_commit_listener([&](const std::vector<avx::events::RecordedEvent>& events) {
    std::lock_guard lock(heard_mutex);
    for (const auto& e : events) heard.push_back(e.position);
  });
  constexpr int kThreads = 8, kRounds = 40;
  std::atomic<int> stored{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string stream = "t-" + std::to_string(t);
      std::uint64_t version = 0;
      for (int i = 0; i < kRounds; ++i) {
        std::vector<EventData> batch(1 + i % 3);
        for (EventData& e : batch) {
          e.event_id = EventId::generate();
          e.type = "test.Grouped";
        }
        auto wrong = store->append(stream, ExpectedVersion::exact(version + 7), batch);
        ASSERT_FALSE(wrong);
        ASSERT_EQ(avx::events::actual_version(wrong.error()), version);
        auto appended = store->append(stream, ExpectedVersion::exact(version), batch);
        ASSERT_TRUE(appended) << appended.error().message();
        version += batch.size();
        ASSERT_EQ(appended->version, version);
        auto again = store->append(stream, ExpectedVersion::exact(version - batch.size()), batch);
        ASSERT_TRUE(again) << "a retry must be recognized: " << again.error().message();
        ASSERT_EQ(again->last_position, appended->last_position);
        auto elsewhere = store->append("other-" + std::to_string(t), ExpectedVersion::any(), batch);
        ASSERT_FALSE(elsewhere);
        ASSERT_EQ(elsewhere.error().code(), avx::events::Errc::kConflict);
        stored += static_cast<int>(batch.size());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(*store->head_position(), static_cast<std::uint64_t>(stored.load()));
  std::lock_guard lock(heard_mutex);
  ASSERT_EQ(heard.size(), static_cast<std::size_t>(stored.load()));
  for (std::size_t i = 0; i < heard.size(); ++i) ASSERT_EQ(heard[i], i + 1) << "listeners heard out of order";
}

}  // namespace
