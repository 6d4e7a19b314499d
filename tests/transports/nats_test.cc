// The NATS JetStream transport against a real nats-server that each test starts (never mocked):
// typed round trip with the envelope in headers, dedupe by event id, upcasting on the wire,
// redelivery after a failed handler, hostile messages, mid-pattern `**`, and a
// server killed and restarted mid-stream.

#include <algorithm>
#include <atomic>
#include <map>
#include <numeric>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nats/nats.h>

#include <avx/events/dlq/dead_letter.h>
#include <avx/events/nats/transport.h>

#include "tests/schemas/orders.avx.h"
#include "tests/support/deadline.h"
#include "tools/dev/nats_server.h"
#include "tests/transports/nats_fixture.h"

namespace {

using namespace std::chrono_literals;
using avx::events::Envelope;
using avx::events::EventId;
using avx::events::Metadata;
using avx::events::RawEnvelope;
using avx::events::Status;
using avx::events::TypeRegistry;
using avx::events::nats::ConsumeOptions;
using avx::events::nats::Delivery;
using avx::events::nats::Options;
using avx::events::nats::Transport;
using avx::testing::eventually;
using avx::testing::Nats;
using avx::dev::NatsServer;
using avx::testing::describe;
using avx::testing::order;
using avx::testing::raw;
using tests::orders::OrderPlaced;
using tests::orders::OrderPlacedV1;
using ::testing::HasSubstr;

TEST_F(Nats, TypedEventCrossesWithItsEnvelope) {
  auto publisher = connect();
  auto consumer = connect();
  ASSERT_TRUE(publisher->ensure_stream({"tests.orders.**"}));
  std::mutex m;
  std::vector<Envelope<OrderPlaced>> got;
  auto sub = consumer->subscribe<OrderPlaced>("tests.orders.*", registry, [&](const Envelope<OrderPlaced>& e) {
    std::lock_guard lock(m);
    got.push_back(e);
  });
  ASSERT_TRUE(sub) << sub.error().message();

  Metadata sent;
  sent.correlation_id = "corr-1";
  sent.causation_id = "cmd-7";
  sent.aggregate_id = "Order-o-1";
  sent.event_id = EventId::generate();
  sent.origin = {"user-7 \u00e9", "orders", {{"tenant", "acme"}, {"Trace.Id", "a b"}}};
  auto ack = publisher->publish(order("o-1"), sent);
  ASSERT_TRUE(ack) << ack.error().message();
  EXPECT_FALSE(ack->duplicate);

  ASSERT_TRUE(eventually([&] { std::lock_guard lock(m); return !got.empty(); }, 20s));
  std::lock_guard lock(m);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].event.order_id, "o-1");
  EXPECT_EQ(got[0].event.note, "ring twice");
  EXPECT_EQ(got[0].event.total.amount_cents, 1250);
  const Metadata& m0 = got[0].metadata;
  EXPECT_EQ(m0.event_id, sent.event_id);
  EXPECT_EQ(m0.correlation_id, "corr-1");
  EXPECT_EQ(m0.causation_id, "cmd-7");
  EXPECT_EQ(m0.aggregate_id, "Order-o-1");
  EXPECT_EQ(m0.origin, sent.origin);
  EXPECT_EQ(m0.event_type, OrderPlaced::kType);
  EXPECT_NE(m0.timestamp, avx::events::Timestamp{});  // stamped by publish
  EXPECT_EQ(m0.position, ack->sequence);
}

TEST_F(Nats, SameEventIdIsStoredOnce) {
  auto t = connect();
  ASSERT_TRUE(t->ensure_stream({"tests.orders.**"}));
  Metadata m;
  m.event_id = EventId::generate();
  auto first = t->publish(order("o-1"), m);
  auto again = t->publish(order("o-1"), m);  // a retry after a lost ack looks like this
  ASSERT_TRUE(first && again);
  EXPECT_FALSE(first->duplicate);
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->sequence, first->sequence);

  std::atomic<int> seen{0};
  auto sub = t->subscribe<OrderPlaced>("tests.orders.placed", registry, [&](const Envelope<OrderPlaced>&) { ++seen; });
  ASSERT_TRUE(sub);
  ASSERT_TRUE(t->publish(order("o-2")));
  ASSERT_TRUE(eventually([&] { return seen == 2; }, 20s));  // o-1 once, then o-2
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(seen, 2);
}

TEST_F(Nats, PublishWithNoStreamFailsAtItsDeadlineNamingTheTopic) {
  auto t = connect(300ms);
  auto ack = t->publish(order("o-1"));
  ASSERT_FALSE(ack);
  EXPECT_THAT(ack.error().message(), HasSubstr("tests.orders.placed"));
  EXPECT_THAT(ack.error().message(), HasSubstr("AVX_EVENTS"));
}

TEST_F(Nats, StreamMaxAgeRemovesOldEventsAndIsSetAgainOnAnExistingStream) {
  auto keep = connect();
  ASSERT_TRUE(keep->ensure_stream({"t.**"}));  // created without an age limit
  Options o;
  o.url = server.url();
  o.max_age = 1s;
  auto t = Transport::connect(o);
  ASSERT_TRUE(t);
  auto updated = (*t)->ensure_stream({"t.**"});  // same subjects: the limit alone is reason to update
  ASSERT_TRUE(updated) << updated.error().message();
  ASSERT_TRUE((*t)->publish_raw(raw("t.old")));
  std::this_thread::sleep_for(2500ms);
  std::atomic<int> seen{0};
  auto sub = (*t)->subscribe_raw("t.old", [&](const RawEnvelope&, const Delivery&) -> Status { return ++seen, Status{}; });
  ASSERT_TRUE(sub);
  ASSERT_TRUE((*t)->publish_raw(raw("t.old")));  // a new one still arrives
  ASSERT_TRUE(eventually([&] { return seen.load() >= 1; }, 10s));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(seen.load(), 1);  // the first one aged out
}

TEST_F(Nats, PublishWithoutAnEventIdIsRefused) {
  auto t = connect();
  ASSERT_TRUE(t->ensure_stream({"t.**"}));
  RawEnvelope e = raw("t.a");
  e.metadata.event_id = {};
  auto ack = t->publish_raw(e);
  ASSERT_FALSE(ack);
  EXPECT_EQ(ack.error().code(), avx::events::Errc::kInvalidArgument);
}

TEST_F(Nats, OlderSchemaVersionIsUpcastOnArrival) {
  auto t = connect();
  ASSERT_TRUE(t->ensure_stream({"tests.orders.**"}));
  std::mutex m;
  std::vector<OrderPlaced> got;
  auto sub = t->subscribe<OrderPlaced>("tests.orders.placed", registry, [&](const Envelope<OrderPlaced>& e) {
    std::lock_guard lock(m);
    got.push_back(e.event);
  });
  ASSERT_TRUE(sub);
  OrderPlacedV1 old;
  old.order_id = "o-9";
  old.amount = {700, tests::orders::Currency::USD};
  RawEnvelope e = raw("tests.orders.placed", avx::events::encode(old));
  e.type = std::string(OrderPlaced::kType);
  e.schema_version = 1;  // written by a service still on version 1
  ASSERT_TRUE(t->publish_raw(e));
  ASSERT_TRUE(eventually([&] { std::lock_guard lock(m); return !got.empty(); }, 20s));
  std::lock_guard lock(m);
  EXPECT_EQ(got[0].order_id, "o-9");
  EXPECT_EQ(got[0].total.amount_cents, 700);  // upcast: amount became total
  EXPECT_EQ(got[0].channel, "web");
}

TEST_F(Nats, FailedHandlerSeesTheEventAgainWithTheNextAttempt) {
  auto t = connect();
  ASSERT_TRUE(t->ensure_stream({"t.**"}));
  std::mutex m;
  std::vector<std::uint64_t> attempts;
  ConsumeOptions o;
  o.retry.initial_backoff = 50ms;
  auto sub = t->subscribe_raw(
      "t.a",
      [&](const RawEnvelope&, const Delivery& d) -> Status {
        std::lock_guard lock(m);
        attempts.push_back(d.attempt);
        if (d.attempt == 1) return avx::events::unexpected(avx::events::Errc::kUnavailable, "database down");
        if (d.attempt == 2) throw std::runtime_error("still down");
        return {};
      },
      o);
  ASSERT_TRUE(sub);
  ASSERT_TRUE(t->publish_raw(raw("t.a")));
  ASSERT_TRUE(eventually([&] { return sub->stats().handled == 1; }, 20s));
  EXPECT_EQ(sub->stats().failed, 2u);
  std::lock_guard lock(m);
  EXPECT_THAT(attempts, ::testing::ElementsAre(1u, 2u, 3u));
}

TEST_F(Nats, OutOfAttemptsTheEventIsParkedThenReplayed) {
  auto t = connect();
  ASSERT_TRUE(t->ensure_stream({"tests.orders.**"}));
  auto letters = avx::events::make_memory_dead_letters();
  std::atomic<bool> healthy{false};
  std::mutex m;
  std::vector<std::string> handled;
  ConsumeOptions o;
  o.group = "billing";
  o.retry = {.max_attempts = 3, .initial_backoff = 20ms, .max_backoff = 100ms};
  o.dead_letters = letters.get();
  auto sub = t->subscribe<OrderPlaced>(
      "tests.orders.placed", registry,
      [&](const Envelope<OrderPlaced>& e) -> Status {
        if (!healthy) return avx::events::unexpected(avx::events::Errc::kUnavailable, "ledger offline");
        std::lock_guard lock(m);
        handled.push_back(e.event.order_id);
        return {};
      },
      o);
  ASSERT_TRUE(sub);
  ASSERT_TRUE(t->publish(order("o-1")));
  ASSERT_TRUE(eventually([&] { return sub->stats().dead_lettered == 1; }, 20s)) << describe(*sub);
  EXPECT_EQ(sub->stats().failed, 3u);  // three deliveries, then parked

  auto parked = letters->list("billing", 0, 10);
  ASSERT_TRUE(parked);
  ASSERT_EQ(parked->size(), 1u);
  const avx::events::DeadLetter& letter = parked->front();
  EXPECT_EQ(letter.state, avx::events::LetterState::kParked);
  EXPECT_EQ(letter.attempts, 3u);
  EXPECT_THAT(letter.error, HasSubstr("ledger offline"));
  EXPECT_EQ(letter.event.type, OrderPlaced::kType);
  EXPECT_EQ(letter.event.stream, "tests.orders.placed");

  healthy = true;  // what `avx-events dlq replay` does, through the same store
  auto replayed = letters->request_replay("billing", letter.id, avx::events::now());
  ASSERT_TRUE(replayed);
  ASSERT_TRUE(eventually([&] { std::lock_guard lock(m); return !handled.empty(); }, 20s));
  ASSERT_TRUE(eventually([&] { auto c = letters->counts("billing"); return c && c->parked + c->retrying == 0; }, 20s));
  std::lock_guard lock(m);
  EXPECT_THAT(handled, ::testing::ElementsAre("o-1"));
}

TEST_F(Nats, UnreadableMessagesAreParkedWhenThereAreDeadLetters) {
  auto t = connect();
  ASSERT_TRUE(t->ensure_stream({"tests.orders.**"}));
  auto letters = avx::events::make_memory_dead_letters();
  ConsumeOptions o;
  o.dead_letters = letters.get();
  std::atomic<int> handled{0};
  auto sub = t->subscribe<OrderPlaced>("tests.orders.placed", registry,
                                       [&](const Envelope<OrderPlaced>&) { ++handled; }, o);
  ASSERT_TRUE(sub);
  RawEnvelope newer = raw("tests.orders.placed", avx::events::encode(order("o-3")));
  newer.type = std::string(OrderPlaced::kType);
  newer.schema_version = 99;  // from a service on a schema this one does not know yet
  ASSERT_TRUE(t->publish_raw(newer));
  ASSERT_TRUE(eventually([&] { return sub->stats().dead_lettered == 1; }, 20s)) << describe(*sub);
  auto parked = letters->list("tests.orders.placed", 0, 10);
  ASSERT_TRUE(parked);
  ASSERT_EQ(parked->size(), 1u);
  EXPECT_EQ(parked->front().event.schema_version, 99u);
  EXPECT_THAT(parked->front().error, HasSubstr("version 99"));
  EXPECT_EQ(handled, 0);
}

TEST_F(Nats, HostileMessagesNeverReachTheHandler) {
  auto t = connect();
  ASSERT_TRUE(t->ensure_stream({"tests.orders.**"}));
  std::atomic<int> handled{0};
  auto sub = t->subscribe<OrderPlaced>("tests.orders.placed", registry,
                                       [&](const Envelope<OrderPlaced>&) { ++handled; });
  ASSERT_TRUE(sub);

  // No headers at all, straight through the client.
  natsConnection* nc = nullptr;
  jsCtx* js = nullptr;
  ASSERT_EQ(natsConnection_ConnectTo(&nc, server.url().c_str()), NATS_OK);
  ASSERT_EQ(natsConnection_JetStream(&js, nc, nullptr), NATS_OK);
  jsPubAck* ack = nullptr;
  ASSERT_EQ(js_Publish(&ack, js, "tests.orders.placed", "\x00\x01garbage", 9, nullptr, nullptr), NATS_OK);
  jsPubAck_Destroy(ack);
  // A good event under a user id that is not UTF-8.
  const std::string payload = avx::events::encode(order("o-bad-origin"));
  natsMsg* message = nullptr;
  ASSERT_EQ(natsMsg_Create(&message, "tests.orders.placed", nullptr, payload.data(), static_cast<int>(payload.size())),
            NATS_OK);
  for (auto [key, value] : {std::pair{"Nats-Msg-Id", EventId::generate().to_string()},
                            std::pair{"Avx-Type", std::string(OrderPlaced::kType)},
                            std::pair{"Avx-Schema-Version", std::to_string(OrderPlaced::kVersion)},
                            std::pair{"Avx-Timestamp", std::string("1")},
                            std::pair{"Avx-User-Id", std::string("\xff\xfe")}}) {
    ASSERT_EQ(natsMsgHeader_Set(message, key, value.c_str()), NATS_OK);
  }
  ack = nullptr;
  ASSERT_EQ(js_PublishMsg(&ack, js, message, nullptr, nullptr), NATS_OK);
  jsPubAck_Destroy(ack);
  natsMsg_Destroy(message);
  jsCtx_Destroy(js);
  natsConnection_Destroy(nc);
  // Our headers, bytes that are not the event.
  RawEnvelope bad = raw("tests.orders.placed", std::string("\xff\xff\xff\xff\x10\x00\x00\x00", 8));
  bad.type = std::string(OrderPlaced::kType);
  bad.schema_version = 2;
  ASSERT_TRUE(t->publish_raw(bad));
  // A version nobody knows yet.
  RawEnvelope newer = raw("tests.orders.placed", avx::events::encode(order("o-3")));
  newer.type = std::string(OrderPlaced::kType);
  newer.schema_version = 99;
  ASSERT_TRUE(t->publish_raw(newer));
  ASSERT_TRUE(t->publish(order("o-good")));
  // Our publisher refuses to send an origin no store could keep.
  Metadata bad_origin;
  bad_origin.origin.headers["no spaces"] = "v";
  auto refused = t->publish(order("o-refused"), bad_origin);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), avx::events::Errc::kInvalidArgument);

  ASSERT_TRUE(eventually([&] { return handled == 1 && sub->stats().rejected == 4; }, 20s))
      << "handled " << handled << ", rejected " << sub->stats().rejected;
  EXPECT_EQ(sub->stats().failed, 0u);  // terminated, not redelivered
}

TEST_F(Nats, MidPatternDoubleStarIsFilteredLocally) {
  auto t = connect();
  ASSERT_TRUE(t->ensure_stream({"t.**"}));
  std::mutex m;
  std::vector<std::string> topics;
  auto sub = t->subscribe_raw("t.**.z", [&](const RawEnvelope& e, const Delivery&) -> Status {
    std::lock_guard lock(m);
    topics.push_back(e.topic);
    return {};
  });
  ASSERT_TRUE(sub);
  for (const char* topic : {"t.a.z", "t.a.b", "t.z", "t.q.r.z", "t.z.q"}) ASSERT_TRUE(t->publish_raw(raw(topic)));
  ASSERT_TRUE(eventually([&] { return sub->stats().handled + sub->stats().filtered == 5; }, 20s)) << describe(*sub);
  std::lock_guard lock(m);
  EXPECT_THAT(topics, ::testing::UnorderedElementsAre("t.a.z", "t.z", "t.q.r.z"));
  EXPECT_EQ(sub->stats().filtered, 2u);
}

TEST_F(Nats, TrailingDoubleStarAlsoMatchesItsPrefix) {
  auto t = connect();
  ASSERT_TRUE(t->ensure_stream({"t.**"}));
  std::atomic<int> seen{0};
  auto sub = t->subscribe_raw("t.a.**", [&](const RawEnvelope&, const Delivery&) -> Status {
    ++seen;
    return {};
  });
  ASSERT_TRUE(sub);
  for (const char* topic : {"t.a", "t.a.b", "t.a.b.c", "t.b"}) ASSERT_TRUE(t->publish_raw(raw(topic)));
  ASSERT_TRUE(eventually([&] { return seen == 3; }, 20s));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(seen, 3);
}

TEST_F(Nats, ServerKilledMidStreamLosesNoAcknowledgedEvent) {
  auto t = connect(20s);
  ASSERT_TRUE(t->ensure_stream({"t.**"}));
  std::vector<std::string> acked;
  for (int i = 0; i < 50; ++i) {
    RawEnvelope e = raw("t.k");
    ASSERT_TRUE(t->publish_raw(e));
    acked.push_back(e.metadata.event_id.to_string());
  }
  server.kill();
  std::jthread restarter([&] {  // joined on every way out of the test
    std::this_thread::sleep_for(500ms);
    server.restart();
  });
  for (int i = 0; i < 50; ++i) {  // the first ones wait for the server, retrying with the same id
    RawEnvelope e = raw("t.k");
    auto ack = t->publish_raw(e);
    ASSERT_TRUE(ack) << ack.error().message();
    acked.push_back(e.metadata.event_id.to_string());
  }

  std::mutex m;
  std::multiset<std::string> seen;
  auto sub = t->subscribe_raw("t.k", [&](const RawEnvelope& e, const Delivery&) -> Status {
    std::lock_guard lock(m);
    seen.insert(e.metadata.event_id.to_string());
    return {};
  });
  ASSERT_TRUE(sub) << sub.error().message();
  ASSERT_TRUE(eventually([&] { std::lock_guard lock(m); return seen.size() >= acked.size(); }, 60s));
  std::this_thread::sleep_for(300ms);
  std::lock_guard lock(m);
  EXPECT_EQ(seen.size(), acked.size());  // no duplicate in the stream
  for (const std::string& id : acked) EXPECT_EQ(seen.count(id), 1u) << id;
}

}  // namespace
