// The store -> NATS relay: every stored event reaches the stream exactly once, also when the relay
// is killed (SIGKILL, a process of its own) mid-run and started again from its checkpoint.

#include <algorithm>
#include <csignal>
#include <set>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nats/nats.h>
#include <sys/wait.h>
#include <unistd.h>

#include <avx/events/nats/relay.h>
#include <avx/events/sqlite.h>

#include "tests/schemas/orders.avx.h"
#include "tests/support/deadline.h"
#include "tools/dev/nats_server.h"

namespace {

using namespace std::chrono_literals;
using avx::events::EventData;
using avx::events::EventId;
using avx::events::ExpectedVersion;
using avx::events::RawEnvelope;
using avx::events::Status;
using avx::events::nats::Relay;
using avx::events::nats::Transport;
using avx::testing::eventually;
using avx::dev::NatsServer;
using tests::orders::OrderPlaced;

// Appends `count` OrderPlaced events, one stream per ten.
void append_orders(avx::events::EventStore& store, int first, int count) {
  for (int i = first; i < first + count; ++i) {
    OrderPlaced o;
    o.order_id = "o-" + std::to_string(i);
    EventData e;
    e.event_id = EventId::generate();
    e.type = std::string(OrderPlaced::kType);
    e.schema_version = OrderPlaced::kVersion;
    e.payload = avx::events::encode(o);
    e.correlation_id = "corr-" + std::to_string(i);
    e.origin = {"user-" + std::to_string(i), "orders", {{"tenant", "acme"}}};
    ASSERT_TRUE(store.append("Order-" + std::to_string(i / 10), ExpectedVersion::any(), {&e, 1}));
  }
}

// How many messages the stream holds.
std::uint64_t stream_count(const std::string& url) {
  natsConnection* nc = nullptr;
  jsCtx* js = nullptr;
  jsStreamInfo* info = nullptr;
  std::uint64_t n = 0;
  if (natsConnection_ConnectTo(&nc, url.c_str()) == NATS_OK && natsConnection_JetStream(&js, nc, nullptr) == NATS_OK &&
      js_GetStreamInfo(&info, js, "AVX_EVENTS", nullptr, nullptr) == NATS_OK) {
    n = info->State.Msgs;
  }
  jsStreamInfo_Destroy(info);
  jsCtx_Destroy(js);
  natsConnection_Destroy(nc);
  return n;
}

class RelayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = std::string(std::getenv("TEST_TMPDIR")) + "/relay-" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db";
    auto s = avx::events::open_sqlite_store(db);
    ASSERT_TRUE(s) << s.error().message();
    store = std::move(*s);
    tests::orders::register_types(registry);
    avx::events::nats::Options o;
    o.url = server.url();
    auto t = Transport::connect(o);
    ASSERT_TRUE(t) << t.error().message();
    transport = std::move(*t);
    ASSERT_TRUE(transport->ensure_stream({"tests.orders.**"}));
  }

  // Every event id in the stream, read back through a subscriber; `received` gets the envelopes.
  std::multiset<std::string> stream_ids(std::size_t expected, std::vector<RawEnvelope>* received = nullptr) {
    std::mutex m;
    std::multiset<std::string> ids;
    auto sub = transport->subscribe_raw("tests.orders.**", [&](const RawEnvelope& e, const auto&) -> Status {
      std::lock_guard lock(m);
      ids.insert(e.metadata.event_id.to_string());
      if (received != nullptr) received->push_back(e);
      return {};
    });
    EXPECT_TRUE(sub);
    EXPECT_TRUE(eventually([&] { std::lock_guard lock(m); return ids.size() >= expected; }, 60s));
    std::this_thread::sleep_for(300ms);
    std::lock_guard lock(m);
    return ids;
  }

  NatsServer server;
  std::string db;
  std::unique_ptr<avx::events::EventStore> store;
  avx::events::TypeRegistry registry;
  std::unique_ptr<Transport> transport;
};

TEST_F(RelayTest, EveryStoredEventReachesTheStreamOnceWithItsEnvelope) {
  append_orders(*store, 0, 50);
  auto relay = Relay::start(*store, *transport, registry);
  ASSERT_TRUE(relay) << relay.error().message();
  append_orders(*store, 50, 50);  // live, while it runs
  ASSERT_TRUE(eventually([&] { return (*relay)->stats().last == 100; }, 60s)) << (*relay)->stats().last;
  EXPECT_EQ((*relay)->stats().published, 100u);
  EXPECT_TRUE(eventually([&] { return *store->load_checkpoint("nats-relay") == 100; }, 10s));
  std::vector<RawEnvelope> received;
  auto ids = stream_ids(100, &received);
  EXPECT_EQ(ids.size(), 100u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 100u);
  auto all = store->read_all(1, 1000);
  ASSERT_TRUE(all);
  const avx::events::RecordedEvent& stored = (*all)[42];  // position 43: o-42, the third of Order-4
  auto it = std::find_if(received.begin(), received.end(),
                         [&](const RawEnvelope& e) { return e.metadata.event_id == stored.event_id; });
  ASSERT_NE(it, received.end());
  EXPECT_EQ(it->topic, OrderPlaced::kTopic);
  EXPECT_EQ(it->type, OrderPlaced::kType);
  EXPECT_EQ(it->metadata.aggregate_id, "Order-4");
  EXPECT_EQ(it->metadata.version, 3u);
  EXPECT_EQ(it->metadata.correlation_id, "corr-42");
  EXPECT_EQ(it->metadata.origin, (avx::events::Origin{"user-42", "orders", {{"tenant", "acme"}}}));
  EXPECT_EQ(it->metadata.timestamp, stored.timestamp);
  EXPECT_EQ(it->payload, stored.payload);
}

TEST_F(RelayTest, FewerEventsThanACheckpointsWorthAreCheckpointedWhileRunning) {
  append_orders(*store, 0, 7);  // checkpoint_every is 100: the interval saves these
  auto relay = Relay::start(*store, *transport, registry);
  ASSERT_TRUE(relay) << relay.error().message();
  EXPECT_TRUE(eventually([&] { return *store->load_checkpoint("nats-relay") == 7; }, 10s));
  EXPECT_EQ((*relay)->stats().published, 7u);
}

TEST_F(RelayTest, ARestartedRelayGoesOnFromItsCheckpoint) {
  append_orders(*store, 0, 30);
  {
    auto relay = Relay::start(*store, *transport, registry);
    ASSERT_TRUE(relay);
    ASSERT_TRUE(eventually([&] { return (*relay)->stats().last == 30; }, 60s));
  }
  append_orders(*store, 30, 20);
  auto again = Relay::start(*store, *transport, registry);
  ASSERT_TRUE(again);
  ASSERT_TRUE(eventually([&] { return (*again)->stats().last == 50; }, 60s));
  EXPECT_EQ((*again)->stats().published, 20u);  // only what came after the checkpoint
  EXPECT_EQ((*again)->stats().duplicates, 0u);
  EXPECT_EQ(stream_ids(50).size(), 50u);
}

TEST_F(RelayTest, AnEventOfAnUnknownTypeStopsTheRelayWithAnError) {
  EventData e;
  e.event_id = EventId::generate();
  e.type = "tests.orders.Mystery";
  e.payload = "?";
  ASSERT_TRUE(store->append("Order-x", ExpectedVersion::any(), {&e, 1}));
  auto relay = Relay::start(*store, *transport, registry);
  ASSERT_TRUE(relay);
  ASSERT_TRUE(eventually([&] { return (*relay)->stats().error.has_value(); }, 30s));
  EXPECT_NE((*relay)->stats().error->message().find("tests.orders.Mystery"), std::string::npos);
  EXPECT_EQ(*store->load_checkpoint("nats-relay"), 0u);  // not skipped
}

pid_t spawn_relay(const std::string& db, const std::string& url) {
  pid_t pid = fork();
  if (pid == 0) {
    execl("tests/transports/relay_main", "relay_main", db.c_str(), url.c_str(), static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  return pid;
}

TEST_F(RelayTest, KilledMidRunAndRestartedEveryEventIsInTheStreamExactlyOnce) {
  constexpr int kEvents = 2000;
  append_orders(*store, 0, kEvents);
  pid_t first = spawn_relay(db, server.url());
  ASSERT_GT(first, 0);
  ASSERT_TRUE(eventually([&] { return stream_count(server.url()) >= kEvents / 4; }, 60s));
  kill(first, SIGKILL);  // mid-run: published past its last checkpoint, as a crash leaves it
  waitpid(first, nullptr, 0);
  const std::uint64_t at_kill = stream_count(server.url());
  EXPECT_LT(at_kill, static_cast<std::uint64_t>(kEvents)) << "the relay finished before it was killed";
  EXPECT_LE(*store->load_checkpoint("relay"), at_kill);

  pid_t second = spawn_relay(db, server.url());
  ASSERT_GT(second, 0);
  bool done = eventually([&] { return *store->load_checkpoint("relay") == kEvents; }, 120s);
  kill(second, SIGKILL);
  waitpid(second, nullptr, 0);
  ASSERT_TRUE(done) << "checkpoint " << *store->load_checkpoint("relay");
  EXPECT_EQ(stream_count(server.url()), static_cast<std::uint64_t>(kEvents));  // resends were dropped
  auto ids = stream_ids(kEvents);
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kEvents));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), static_cast<std::size_t>(kEvents));
}

}  // namespace
