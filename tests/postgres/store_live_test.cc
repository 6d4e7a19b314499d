// Live subscriptions across processes on PostgreSQL: a catch-up subscription on one store object
// hears of appends made through another connection (LISTEN/NOTIFY as a wake-up, then a read), with
// no gap and no duplicate across the catch-up -> live hand-over, and after the listening
// connection was cut by the server.

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <postgresql/libpq-fe.h>

#include <avx/events/catch_up.h>
#include <avx/events/postgres.h>

#include "tests/support/deadline.h"
#include "tools/dev/postgres_server.h"

namespace {

using namespace std::chrono_literals;
using avx::events::EventData;
using avx::events::EventId;
using avx::events::ExpectedVersion;
using avx::testing::eventually;

std::unique_ptr<avx::events::EventStore> open(const avx::dev::PostgresServer& server) {
  auto store = avx::events::open_postgres_store(server.conninfo());
  EXPECT_TRUE(store) << store.error().message();
  return store ? std::move(*store) : nullptr;
}

void append(avx::events::EventStore& store, int n) {
  for (int i = 0; i < n; ++i) {
    EventData e;
    e.event_id = EventId::generate();
    e.type = "test.Live";
    ASSERT_TRUE(store.append("s-" + std::to_string(i % 5), ExpectedVersion::any(), {&e, 1}));
  }
}

class PostgresLive : public ::testing::Test {
 protected:
  void SetUp() override {
    writer = open(server);
    reader = open(server);
    ASSERT_TRUE(writer && reader);
  }
  // Starts a subscription on `reader` from position 1 that records what it delivers.
  void subscribe() {
    auto sub = avx::events::CatchUpSubscription::start(*reader, [this](const avx::events::RecordedEvent& e) {
      std::lock_guard lock(m);
      positions.push_back(e.position);
    });
    ASSERT_TRUE(sub) << sub.error().message();
    subscription = std::move(*sub);
  }
  std::size_t delivered() {
    std::lock_guard lock(m);
    return positions.size();
  }
  void expect_each_position_once_in_order(std::size_t n) {
    ASSERT_TRUE(eventually([&] { return delivered() >= n; }, 30s)) << delivered() << " of " << n;
    std::this_thread::sleep_for(200ms);
    std::lock_guard lock(m);
    ASSERT_EQ(positions.size(), n);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(positions[i], i + 1);
  }

  avx::dev::PostgresServer server;
  std::unique_ptr<avx::events::EventStore> writer, reader;
  std::unique_ptr<avx::events::CatchUpSubscription> subscription;
  std::mutex m;
  std::vector<std::uint64_t> positions;
};

TEST_F(PostgresLive, AppendsThroughAnotherConnectionAreDeliveredLiveWithoutGapOrDuplicate) {
  append(*writer, 40);  // stored before: caught up by reading
  std::thread during([&] { append(*writer, 60); });  // while the subscription switches to live
  subscribe();
  during.join();
  expect_each_position_once_in_order(100);
  append(*writer, 25);  // long after: only a notice tells the reader
  expect_each_position_once_in_order(125);
}

TEST_F(PostgresLive, AfterTheListeningConnectionIsCutTheReaderLooksAgain) {
  subscribe();
  append(*writer, 10);
  expect_each_position_once_in_order(10);
  // The server ends every other connection (the reader's LISTEN among them); the writer's own
  // connection is ended too, so it is reopened.
  PGconn* admin = PQconnectdb(server.conninfo().c_str());
  PQclear(PQexec(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                        "AND backend_type = 'client backend'"));
  PQfinish(admin);
  writer = open(server);
  ASSERT_NE(writer, nullptr);
  append(*writer, 10);  // while the listener may still be reconnecting: it reads after it does
  expect_each_position_once_in_order(20);
}

}  // namespace
