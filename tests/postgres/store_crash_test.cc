// The PostgreSQL server killed (SIGKILL, every process of it) while writers append, with fsync on:
// after a restart, every append that was acknowledged is there, exactly once, and the writers
// carry on through the same store objects (they reconnect). A writer whose append failed retries
// the same event ids, so the events of an append whose acknowledgement was lost are not doubled.

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <avx/events/postgres.h>

#include "tests/support/deadline.h"
#include "tools/dev/postgres_server.h"

namespace {

using namespace std::chrono_literals;
using avx::events::EventData;
using avx::events::EventId;
using avx::events::ExpectedVersion;

constexpr int kWriters = 4;

struct Ledger {
  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::atomic<int> acks{0};
  std::atomic<int> failures{0};
};

void write_until(const avx::dev::PostgresServer& server, int w, const std::atomic<bool>& stop, Ledger& ledger) {
  auto store = avx::events::open_postgres_store(server.conninfo());
  ASSERT_TRUE(store) << store.error().message();
  std::vector<EventData> batch;
  while (!stop) {
    if (batch.empty()) {  // a new batch only once the last one was acknowledged
      batch.resize(1 + ledger.acks % 2);
      for (EventData& e : batch) {
        e.event_id = EventId::generate();
        e.type = "test.Written";
        e.payload = "w" + std::to_string(w);
      }
    }
    auto appended = (*store)->append("writer-" + std::to_string(w), ExpectedVersion::any(), batch);
    if (!appended) {
      ++ledger.failures;
      std::this_thread::sleep_for(20ms);
      continue;
    }
    std::lock_guard lock(ledger.mutex);
    for (const EventData& e : batch) ledger.acknowledged.insert(e.event_id.to_string());
    ++ledger.acks;
    batch.clear();
  }
}

TEST(PostgresCrash, NoAcknowledgedAppendIsLostWhenTheServerIsKilledMidStream) {
  avx::dev::PostgresServer server({.fsync = true});
  ASSERT_TRUE(avx::events::open_postgres_store(server.conninfo()));  // the tables, before the race
  Ledger ledger;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) writers.emplace_back([&, w] { write_until(server, w, stop, ledger); });

  ASSERT_TRUE(avx::testing::eventually([&] { return ledger.acks >= 300; }, 60s));
  server.kill();
  ASSERT_TRUE(avx::testing::eventually([&] { return ledger.failures >= kWriters; }, 30s));
  server.restart();
  const int before = ledger.acks;
  ASSERT_TRUE(avx::testing::eventually([&] { return ledger.acks >= before + 100; }, 60s))
      << "the writers did not reconnect";
  stop = true;
  for (auto& t : writers) t.join();

  auto store = avx::events::open_postgres_store(server.conninfo());
  ASSERT_TRUE(store) << store.error().message();
  auto all = (*store)->read_all(1, 1'000'000);
  ASSERT_TRUE(all) << all.error().message();
  std::map<std::string, int> stored;
  std::map<std::string, std::uint64_t> last_version;
  for (std::size_t i = 0; i < all->size(); ++i) {
    const auto& e = (*all)[i];
    ASSERT_EQ(e.position, i + 1) << "positions have a hole";
    ASSERT_EQ(e.version, ++last_version[e.stream]) << e.stream << " has a hole";
    ++stored[e.event_id.to_string()];
  }
  std::lock_guard lock(ledger.mutex);
  for (const std::string& id : ledger.acknowledged) ASSERT_EQ(stored[id], 1) << "acknowledged event " << id;
  for (const auto& [id, times] : stored) ASSERT_EQ(times, 1) << id;
  EXPECT_GE(ledger.failures.load(), kWriters);
}

}  // namespace
