// The Redis Streams transport against a real redis-server that each test starts (never mocked),
// beyond what conformance_test.cc asks of every transport: patterns over the streams of matching
// topics (new ones picked up while running), async publishes in order, upcasting on the wire,
// entries written by hand that are not events, groups resuming,
// keeping later entries going past a failure, claiming a dead member's entries but not a slow
// one's, and errors for bad URLs and absent servers.

#include <atomic>
#include <map>
#include <set>
#include <thread>
#include <mutex>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <avx/events/dlq/dead_letter.h>
#include <avx/events/redis/transport.h>

#include "tests/support/deadline.h"
#include "tests/transports/redis_fixture.h"

namespace {

using namespace std::chrono_literals;
using avx::events::Envelope;
using avx::events::Errc;
using avx::events::EventId;
using avx::events::Metadata;
using avx::events::RawEnvelope;
using avx::events::Status;
using avx::events::redis::Delivery;
using avx::events::redis::Options;
using avx::events::redis::Transport;
using avx::testing::describe;
using avx::testing::eventually;
using avx::testing::order;
using avx::testing::raw;
using avx::testing::Seen;
using avx::testing::Redis;
using tests::orders::OrderPlaced;
using tests::orders::OrderPlacedV1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Raw commands beside the transport, as another program (or an attacker) would write.
class RawRedis {
 public:
  explicit RawRedis(const std::string& socket) : c_(redisConnectUnix(socket.c_str())) {}
  ~RawRedis() { redisFree(c_); }
  std::string run(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    auto* reply = static_cast<redisReply*>(redisCommandArgv(c_, static_cast<int>(args.size()), argv.data(),
                                                            lengths.data()));
    std::string out = render(reply);
    freeReplyObject(reply);
    return out;
  }

 private:
  // A string or a number as it is; an array as its first element (XPENDING's summary: the count).
  static std::string render(const redisReply* reply) {
    if (reply == nullptr) return "(lost)";
    if (reply->type == REDIS_REPLY_ARRAY) return reply->elements == 0 ? "(empty)" : render(reply->element[0]);
    if (reply->str != nullptr) return std::string(reply->str, reply->len);
    return std::to_string(reply->integer);
  }

  redisContext* c_;
};

TEST_F(Redis, PatternsReadTheStreamsOfMatchingTopicsAndFindNewOnes) {
  auto t = connect();
  ASSERT_TRUE(t->publish_raw(raw("a.b.c", "1")));  // before the subscription: read from the start
  Seen<std::string> got;
  auto sub = t->subscribe_raw(
      "a.**.c",
      [&](const RawEnvelope& e, const Delivery&) -> Status {
        got.add(e.topic + "=" + e.payload);
        return {};
      },
      quick());
  ASSERT_TRUE(sub);
  ASSERT_TRUE(eventually([&] { return got.size() == 1; }, 20s));
  ASSERT_TRUE(t->publish_raw(raw("a.x.y.c", "2")));  // a topic nobody published to before
  ASSERT_TRUE(t->publish_raw(raw("a.b.d", "no")));
  ASSERT_TRUE(t->publish_raw(raw("b.c", "no")));
  ASSERT_TRUE(t->publish_raw(raw("a.c", "3")));  // `**` matches zero segments too
  ASSERT_TRUE(eventually([&] { return got.size() == 3; }, 20s)) << describe(*sub);
  std::this_thread::sleep_for(300ms);  // nothing else arrives
  // One stream per topic: order holds within a topic, not across topics.
  EXPECT_THAT(got.items(), ::testing::UnorderedElementsAre("a.b.c=1", "a.x.y.c=2", "a.c=3"));
}

// The registry is read in pages: more topics than one page holds are all found (a set this size
// is a hash table in Redis, which SSCAN walks in steps).
TEST_F(Redis, APatternFindsEveryTopicOfALargeRegistry) {
  auto t = connect();
  constexpr int kTopics = 2500;
  for (int i = 0; i < kTopics; ++i) ASSERT_TRUE(t->publish_async_raw(raw("many.t" + std::to_string(i), "x")));
  ASSERT_TRUE(t->flush());
  ASSERT_EQ(RawRedis(server.socket()).run({"SCARD", "avx:topics"}), std::to_string(kTopics));
  Seen<std::string> got;
  auto sub = t->subscribe_raw(
      "many.*",
      [&](const RawEnvelope& e, const Delivery&) -> Status {
        got.add(e.topic);
        return {};
      },
      quick());
  ASSERT_TRUE(sub);
  ASSERT_TRUE(eventually([&] { return got.size() == kTopics; }, 60s)) << got.size() << " of " << kTopics;
  const auto items = got.items();
  const std::set<std::string> topics(items.begin(), items.end());
  EXPECT_EQ(topics.size(), static_cast<std::size_t>(kTopics));  // each once
}

TEST_F(Redis, AsyncPublishesArriveInOrderAfterFlush) {
  auto t = connect();
  constexpr int kEvents = 5000;
  for (int i = 0; i < kEvents; ++i) ASSERT_TRUE(t->publish_async_raw(raw("load.test", std::to_string(i))));
  ASSERT_TRUE(t->flush());
  Seen<std::string> got;
  auto sub = t->subscribe_raw(
      "load.*",
      [&](const RawEnvelope& e, const Delivery&) -> Status {
        got.add(e.payload);
        return {};
      },
      quick());
  ASSERT_TRUE(sub);
  ASSERT_TRUE(eventually([&] { return got.size() == kEvents; }, 30s)) << describe(*sub);
  const auto items = got.items();
  for (int i = 0; i < kEvents; ++i) ASSERT_EQ(items[static_cast<std::size_t>(i)], std::to_string(i));
}

TEST_F(Redis, AnOlderSchemaVersionIsUpcastOnTheWay) {
  auto t = connect();
  Seen<OrderPlaced> got;
  auto sub = t->subscribe<OrderPlaced>("tests.orders.placed", registry,
                                       [&](const Envelope<OrderPlaced>& e) { got.add(e.event); }, quick());
  ASSERT_TRUE(sub);
  OrderPlacedV1 old;
  old.order_id = "o-9";
  old.amount = {700, tests::orders::Currency::USD};
  RawEnvelope e = raw("tests.orders.placed", avx::events::encode(old));
  e.type = std::string(OrderPlaced::kType);
  e.schema_version = 1;  // written by a service still on version 1
  ASSERT_TRUE(t->publish_raw(e));
  ASSERT_TRUE(eventually([&] { return got.size() == 1; }, 20s)) << describe(*sub);
  const OrderPlaced placed = got.items().front();
  EXPECT_EQ(placed.order_id, "o-9");
  EXPECT_EQ(placed.total.amount_cents, 700);  // upcast: amount became total
  EXPECT_EQ(placed.channel, "web");
}

TEST_F(Redis, HostileEntriesNeverReachAHandlerAndAreParked) {
  auto t = connect();
  auto letters = avx::events::make_memory_dead_letters();
  auto o = quick();
  o.dead_letters = letters.get();
  Seen<std::string> got;
  auto sub = t->subscribe<OrderPlaced>("tests.orders.placed", registry,
                                       [&](const Envelope<OrderPlaced>& e) { got.add(e.event.order_id); }, o);
  ASSERT_TRUE(sub);
  RawRedis attacker(server.socket());
  const std::string key = "avx:t:tests.orders.placed";
  attacker.run({"SADD", "avx:topics", "tests.orders.placed"});
  attacker.run({"XADD", key, "*", "junk", "1"});  // no envelope at all
  attacker.run({"XADD", key, "*", "id", "not-an-id", "type", "x", "v", "1", "ts", "1", "payload", "p"});
  const std::string type(OrderPlaced::kType);
  attacker.run({"XADD", key, "*", "id", EventId::generate().to_string(), "type", type, "v", "0", "ts", "1",
                "payload", "p"});  // schema version 0
  attacker.run({"XADD", key, "*", "id", EventId::generate().to_string(), "type", type, "v", "2", "ts", "12x",
                "payload", "p"});  // a timestamp that is not one
  attacker.run({"XADD", key, "*", "id", EventId::generate().to_string(), "type", type, "v", "2", "ts", "1",
                "payload", std::string("\xff\x00\x13garbage", 10)});  // bytes that do not decode
  attacker.run({"XADD", key, "*", "odd"});  // refused by Redis itself (odd field count): nothing stored
  ASSERT_TRUE(t->publish(order("o-ok")));  // and a good one after them all
  ASSERT_TRUE(eventually([&] { return got.size() == 1; }, 20s)) << describe(*sub);
  ASSERT_TRUE(eventually([&] { return sub->stats().dead_lettered == 5; }, 20s)) << describe(*sub);
  EXPECT_EQ(sub->stats().rejected, 5u);
  EXPECT_THAT(got.items(), ElementsAre("o-ok"));
  auto parked = letters->list("tests.orders.placed", 0, 10);
  ASSERT_TRUE(parked);
  ASSERT_EQ(parked->size(), 5u);
  EXPECT_THAT(parked->front().error, HasSubstr("is not an avx event"));
}

TEST_F(Redis, AGroupHandlesEachEventOnceAcrossItsMembersAndResumes) {
  auto t = connect();
  std::mutex m;
  std::map<std::string, int> times;  // payload -> how often handled
  auto count = [&](const RawEnvelope& e, const Delivery&) -> Status {
    std::lock_guard lock(m);
    ++times[e.payload];
    return {};
  };
  auto o = quick();
  o.group = "shipping";
  std::vector<avx::events::redis::Subscription> members;
  for (int i = 0; i < 3; ++i) {
    auto sub = t->subscribe_raw("group.*", count, o);
    ASSERT_TRUE(sub) << sub.error().message();
    members.push_back(std::move(*sub));
  }
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(t->publish_async_raw(raw(i % 2 ? "group.a" : "group.b", std::to_string(i))));
  ASSERT_TRUE(t->flush());
  auto handled = [&] {
    std::uint64_t n = 0;
    for (const auto& member : members) n += member.stats().handled;
    return n;
  };
  ASSERT_TRUE(eventually([&] { return handled() == 300; }, 30s));
  for (auto& member : members) member.stop();
  {
    std::lock_guard lock(m);
    ASSERT_EQ(times.size(), 300u);
    for (const auto& [payload, n] : times) EXPECT_EQ(n, 1) << payload;
  }

  // The group resumes where it stopped: only what came after.
  for (int i = 300; i < 305; ++i) ASSERT_TRUE(t->publish_raw(raw("group.a", std::to_string(i))));
  auto again = t->subscribe_raw("group.*", count, o);
  ASSERT_TRUE(again);
  ASSERT_TRUE(eventually([&] { return again->stats().handled == 5; }, 20s)) << describe(*again);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(again->stats().handled, 5u);
  std::lock_guard lock(m);
  EXPECT_EQ(times.size(), 305u);
}

TEST_F(Redis, InAGroupAFailureStaysPendingIsRetriedThenParked) {
  auto t = connect();
  auto letters = avx::events::make_memory_dead_letters();
  Seen<std::uint64_t> attempts;
  Seen<std::string> handled;
  auto o = quick();
  o.group = "billing";
  o.retry = {.max_attempts = 3, .initial_backoff = 20ms, .max_backoff = 100ms};
  o.dead_letters = letters.get();
  auto sub = t->subscribe_raw(
      "pay.*",
      [&](const RawEnvelope& e, const Delivery& d) -> Status {
        if (e.payload == "bad") {
          attempts.add(d.attempt);
          return avx::events::unexpected(Errc::kUnavailable, "ledger offline");
        }
        handled.add(e.payload);
        return {};
      },
      o);
  ASSERT_TRUE(sub);
  ASSERT_TRUE(t->publish_raw(raw("pay.x", "bad")));
  ASSERT_TRUE(t->publish_raw(raw("pay.x", "good")));  // not held up by the failing one
  ASSERT_TRUE(eventually([&] { return sub->stats().dead_lettered == 1; }, 20s)) << describe(*sub);
  EXPECT_THAT(attempts.items(), ElementsAre(1u, 2u, 3u));
  EXPECT_THAT(handled.items(), ElementsAre("good"));
  auto parked = letters->list("billing", 0, 10);
  ASSERT_TRUE(parked);
  ASSERT_EQ(parked->size(), 1u);
  EXPECT_EQ(parked->front().attempts, 3u);
  RawRedis probe(server.socket());
  EXPECT_TRUE(eventually([&] { return probe.run({"XPENDING", "avx:t:pay.x", "billing"}) == "0"; }, 20s))
      << "the parked entry is acknowledged";
}

TEST_F(Redis, AMemberThatDiedHasItsEntriesClaimedByAnother) {
  auto t = connect();
  ASSERT_TRUE(t->publish_raw(raw("claim.x", "1")));
  ASSERT_TRUE(t->publish_raw(raw("claim.x", "2")));
  RawRedis ghost(server.socket());  // a member that takes both entries and dies
  ghost.run({"XGROUP", "CREATE", "avx:t:claim.x", "pickers", "0"});
  ghost.run({"XREADGROUP", "GROUP", "pickers", "ghost", "COUNT", "10", "STREAMS", "avx:t:claim.x", ">"});
  Seen<std::string> got;
  auto o = quick();
  o.group = "pickers";
  o.ack_wait = 300ms;
  auto sub = t->subscribe_raw(
      "claim.*",
      [&](const RawEnvelope& e, const Delivery& d) -> Status {
        got.add(e.payload + "@" + std::to_string(d.attempt));
        return {};
      },
      o);
  ASSERT_TRUE(sub);
  ASSERT_TRUE(eventually([&] { return got.size() == 2; }, 20s)) << describe(*sub);
  EXPECT_THAT(got.items(), ElementsAre("1@2", "2@2"));  // the second delivery of each
  EXPECT_TRUE(eventually([&] { return ghost.run({"XPENDING", "avx:t:claim.x", "pickers"}) == "0"; }, 20s));
}

TEST_F(Redis, ASlowHandlerKeepsItsEntryWhileItWorks) {
  auto t = connect();
  std::mutex m;
  std::map<std::string, int> times;
  auto slow = [&](const RawEnvelope& e, const Delivery&) -> Status {
    {
      std::lock_guard lock(m);
      ++times[e.payload];
    }
    std::this_thread::sleep_for(1500ms);  // five times ack_wait
    return {};
  };
  auto o = quick();
  o.group = "slow";
  o.ack_wait = 300ms;
  auto first = t->subscribe_raw("slow.x", slow, o);
  ASSERT_TRUE(first);
  ASSERT_TRUE(t->publish_raw(raw("slow.x", "only")));
  ASSERT_TRUE(eventually([&] { std::lock_guard lock(m); return times.size() == 1; }, 20s));
  auto second = t->subscribe_raw("slow.x", slow, o);  // idle, and would claim an entry left for dead
  ASSERT_TRUE(second);
  ASSERT_TRUE(eventually([&] { return first->stats().handled + second->stats().handled == 1; }, 20s));
  std::this_thread::sleep_for(500ms);
  std::lock_guard lock(m);
  EXPECT_EQ(times["only"], 1);  // renewed every 100 ms: never taken from the living member
}

TEST_F(Redis, StreamsKeepAboutMaxLenEntries) {
  Options o;
  o.url = server.url();
  o.max_len = 50;
  auto t = Transport::connect(o);
  ASSERT_TRUE(t);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE((*t)->publish_async_raw(raw("trim.x", std::to_string(i))));
  ASSERT_TRUE((*t)->flush());
  RawRedis probe(server.socket());
  const int kept = std::stoi(probe.run({"XLEN", "avx:t:trim.x"}));
  EXPECT_GE(kept, 50);   // MAXLEN ~ trims whole nodes only: at least what was asked
  EXPECT_LT(kept, 300);  // and the rest went
}

TEST_F(Redis, AsyncPublishesToAServerThatStaysDownFailByTheDeadline) {
  Options o;
  o.url = server.url();
  o.async_window = 8;
  o.publish_deadline = 500ms;
  auto t = Transport::connect(o);
  ASSERT_TRUE(t);
  server.kill();  // and not restarted
  Status last;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100 && last; ++i) last = (*t)->publish_async_raw(raw("down.x", std::to_string(i)));
  // One deadline for the events waiting, not one each: 8 x 500 ms would be 4 s.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  ASSERT_FALSE(last);  // the window of unsendable events filled: no unbounded buffering
  EXPECT_EQ(last.error().code(), Errc::kUnavailable);
  EXPECT_THAT(last.error().message(), HasSubstr("event(s) not stored"));
  EXPECT_TRUE((*t)->flush());  // each loss is reported once: to the call that gave up on it
}

TEST_F(Redis, ClearErrorsForBadUrlsAndAbsentServers) {
  Options o;
  o.url = "http://localhost";
  auto bad = Transport::connect(o);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), Errc::kInvalidArgument);
  EXPECT_THAT(bad.error().message(), HasSubstr("redis URL 'http://localhost'"));

  o.url = "redis://:secret@127.0.0.1:1/2";  // nothing listens on port 1
  o.connect_timeout = 500ms;
  auto absent = Transport::connect(o);
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code(), Errc::kUnavailable);
  EXPECT_THAT(absent.error().message(), HasSubstr("redis://***@127.0.0.1:1/2"));
  EXPECT_THAT(absent.error().message(), ::testing::Not(HasSubstr("secret")));

  auto t = connect();
  auto invalid = t->subscribe_raw("a..b", [](const RawEnvelope&, const Delivery&) -> Status { return {}; });
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code(), Errc::kInvalidArgument);
  auto bad_topic = t->publish_raw(raw("a b"));
  ASSERT_FALSE(bad_topic);
  EXPECT_EQ(bad_topic.error().code(), Errc::kInvalidArgument);
}

}  // namespace
