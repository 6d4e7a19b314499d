// One conformance suite for every transport, run unchanged against NATS JetStream and Redis
// Streams (each test starts its own real server): typed round trip with the envelope, topic
// patterns, a group handling each event once, failures retried then parked and replayed, hostile
// bytes kept from handlers, request/reply with its errors and timeouts, and a server killed and
// restarted. What a transport does differently (no responders: NATS knows at once, Redis only by
// the timeout) is in its traits, named.

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <avx/events/dlq/dead_letter.h>
#include <avx/events/nats/request_reply.h>
#include <avx/events/nats/transport.h>
#include <avx/events/redis/request_reply.h>
#include <avx/events/redis/transport.h>

#include "tests/support/deadline.h"
#include "tests/transports/transport_events.h"
#include "tools/dev/nats_server.h"
#include "tools/dev/redis_server.h"

namespace {

using namespace std::chrono_literals;
using avx::events::DispatchContext;
using avx::events::Envelope;
using avx::events::Errc;
using avx::events::EventId;
using avx::events::Metadata;
using avx::events::RawEnvelope;
using avx::events::RequestOptions;
using avx::events::Result;
using avx::events::Status;
using avx::events::transports::Delivery;
using avx::testing::describe;
using avx::testing::eventually;
using avx::testing::order;
using avx::testing::raw;
using avx::testing::Seen;
using tests::orders::GetOrder;
using tests::orders::OrderPlaced;
using tests::orders::OrderView;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct NatsTraits {
  using Server = avx::dev::NatsServer;
  using Transport = avx::events::nats::Transport;
  using ConsumeOptions = avx::events::nats::ConsumeOptions;
  static constexpr Errc kNobodyServing = Errc::kNoResponders;  // the server knows at once

  static std::unique_ptr<Transport> connect(const Server& server, std::chrono::milliseconds publish_deadline) {
    avx::events::nats::Options o;
    o.url = server.url();
    o.publish_deadline = publish_deadline;
    auto t = Transport::connect(o);
    if (!t) ADD_FAILURE() << t.error().message();
    if (t && !(*t)->ensure_stream({"conf.**"})) ADD_FAILURE() << "no stream";
    return t ? std::move(*t) : nullptr;
  }
  static ConsumeOptions options() { return {}; }
  template <class M, class F>
  static auto respond(Transport& t, F handler) {
    return avx::events::nats::respond<M>(t, std::move(handler));
  }
  template <class M>
  static auto request(Transport& t, const M& message, const RequestOptions& options) {
    return avx::events::nats::request(t, message, options);
  }
  static auto request_raw(Transport& t, std::string_view type, std::string bytes) {
    return avx::events::nats::detail::request_raw(t, type, std::move(bytes), {});
  }
};

struct RedisTraits {
  using Server = avx::dev::RedisServer;
  using Transport = avx::events::redis::Transport;
  using ConsumeOptions = avx::events::redis::ConsumeOptions;
  static constexpr Errc kNobodyServing = Errc::kTimeout;  // a request waits for whoever may come

  static std::unique_ptr<Transport> connect(const Server& server, std::chrono::milliseconds publish_deadline) {
    avx::events::redis::Options o;
    o.url = server.url();
    o.publish_deadline = publish_deadline;
    auto t = Transport::connect(o);
    if (!t) ADD_FAILURE() << t.error().message();
    return t ? std::move(*t) : nullptr;
  }
  static ConsumeOptions options() {
    ConsumeOptions o;
    o.discover_every = 50ms;  // tests should not wait out the default
    return o;
  }
  template <class M, class F>
  static auto respond(Transport& t, F handler) {
    return avx::events::redis::respond<M>(t, std::move(handler));
  }
  template <class M>
  static auto request(Transport& t, const M& message, const RequestOptions& options) {
    return avx::events::redis::request(t, message, options);
  }
  static auto request_raw(Transport& t, std::string_view type, std::string bytes) {
    return avx::events::redis::detail::request_raw(t, type, std::move(bytes), {});
  }
};

template <class Traits>
class TransportConformance : public ::testing::Test {
 protected:
  using Transport = typename Traits::Transport;
  std::unique_ptr<Transport> connect(std::chrono::milliseconds publish_deadline = 10s) {
    return Traits::connect(server, publish_deadline);
  }
  // A raw handler that records each payload.
  auto recorder(Seen<std::string>& seen) {
    return [&seen](const RawEnvelope& e, const Delivery&) -> Status {
      seen.add(e.payload);
      return {};
    };
  }

  // A handler failing until it is healthy: retried with the policy, parked after max_attempts,
  // and handled when the letter is replayed; in a group (`group`) or alone.
  void retried_parked_replayed(const std::string& group) {
    auto t = connect();
    auto letters = avx::events::make_memory_dead_letters();
    std::atomic<bool> healthy{false};
    Seen<std::uint64_t> attempts;
    Seen<std::string> handled;
    auto o = Traits::options();
    o.group = group;
    o.name = "billing";
    o.retry = {.max_attempts = 3, .initial_backoff = 20ms, .max_backoff = 100ms};
    o.dead_letters = letters.get();
    auto sub = t->subscribe_raw(
        "conf.pay",
        [&](const RawEnvelope& e, const Delivery& d) -> Status {
          attempts.add(d.attempt);
          if (!healthy) return avx::events::unexpected(Errc::kUnavailable, "ledger offline");
          handled.add(e.payload);
          return {};
        },
        o);
    ASSERT_TRUE(sub);
    ASSERT_TRUE(t->publish_raw(raw("conf.pay", "p-1")));
    ASSERT_TRUE(eventually([&] { return sub->stats().dead_lettered == 1; }, 20s)) << describe(*sub);
    EXPECT_EQ(sub->stats().failed, 3u);
    EXPECT_THAT(attempts.items(), ElementsAre(1u, 2u, 3u));
    auto parked = letters->list("billing", 0, 10);
    ASSERT_TRUE(parked);
    ASSERT_EQ(parked->size(), 1u);
    EXPECT_EQ(parked->front().attempts, 3u);
    EXPECT_THAT(parked->front().error, HasSubstr("ledger offline"));
    EXPECT_EQ(parked->front().event.stream, "conf.pay");

    healthy = true;  // what `avx-events dlq replay` does, through the same store
    ASSERT_TRUE(letters->request_replay("billing", parked->front().id, avx::events::now()));
    ASSERT_TRUE(eventually([&] { return handled.size() == 1; }, 20s));
    EXPECT_THAT(handled.items(), ElementsAre("p-1"));
  }

  typename Traits::Server server;
  avx::events::TypeRegistry registry = avx::testing::orders_registry();
};

using Transports = ::testing::Types<NatsTraits, RedisTraits>;
class TransportNames {
 public:
  template <class T>
  static std::string GetName(int) {
    return std::is_same_v<T, NatsTraits> ? "nats" : "redis";
  }
};
TYPED_TEST_SUITE(TransportConformance, Transports, TransportNames);

TYPED_TEST(TransportConformance, ATypedEventCrossesWithItsEnvelope) {
  auto t = this->connect();
  Seen<Envelope<OrderPlaced>> got;
  auto sub = t->template subscribe<OrderPlaced>(
      "conf.orders.*", this->registry, [&](const Envelope<OrderPlaced>& e) { got.add(e); }, TypeParam::options());
  ASSERT_TRUE(sub) << sub.error().message();
  RawEnvelope sent = raw("conf.orders.placed", avx::events::encode(order("o-1")));
  sent.type = std::string(OrderPlaced::kType);
  sent.schema_version = OrderPlaced::kVersion;
  sent.metadata.correlation_id = "corr-1";
  sent.metadata.causation_id = "cmd-7";
  sent.metadata.aggregate_id = "Order-o-1";
  sent.metadata.version = 4;
  sent.metadata.origin = {"user-7", "orders", {{"tenant", "acme"}}};
  ASSERT_TRUE(t->publish_raw(sent));
  ASSERT_TRUE(eventually([&] { return got.size() == 1; }, 20s)) << describe(*sub);
  const auto e = got.items().front();
  EXPECT_EQ(e.event.order_id, "o-1");
  EXPECT_EQ(e.event.total.amount_cents, 1250);
  EXPECT_EQ(e.metadata.event_id, sent.metadata.event_id);
  EXPECT_EQ(e.metadata.timestamp, sent.metadata.timestamp);
  EXPECT_EQ(e.metadata.correlation_id, "corr-1");
  EXPECT_EQ(e.metadata.causation_id, "cmd-7");
  EXPECT_EQ(e.metadata.aggregate_id, "Order-o-1");
  EXPECT_EQ(e.metadata.version, 4u);
  EXPECT_EQ(e.metadata.origin, sent.metadata.origin);
}

TYPED_TEST(TransportConformance, PatternsMatchOneSegmentOrMany) {
  auto t = this->connect();
  Seen<std::string> one, many;
  auto a = t->subscribe_raw("conf.*.x", this->recorder(one), TypeParam::options());
  auto b = t->subscribe_raw("conf.**.x", this->recorder(many), TypeParam::options());
  ASSERT_TRUE(a && b);
  for (const char* topic : {"conf.a.x", "conf.a.b.x", "conf.x", "conf.a.y"}) {
    ASSERT_TRUE(t->publish_raw(raw(topic, topic)));
  }
  ASSERT_TRUE(eventually([&] { return one.size() == 1 && many.size() == 3; }, 20s))
      << describe(*a) << " / " << describe(*b);
  std::this_thread::sleep_for(300ms);  // and nothing else
  EXPECT_THAT(one.items(), ElementsAre("conf.a.x"));
  EXPECT_THAT(many.items(), ::testing::UnorderedElementsAre("conf.a.x", "conf.a.b.x", "conf.x"));
}

TYPED_TEST(TransportConformance, AGroupHandlesEachEventOnce) {
  auto t = this->connect();
  std::mutex m;
  std::map<std::string, int> times;
  auto count = [&](const RawEnvelope& e, const Delivery&) -> Status {
    std::lock_guard lock(m);
    ++times[e.payload];
    return {};
  };
  auto o = TypeParam::options();
  o.group = "workers";
  auto first = t->subscribe_raw("conf.work", count, o);
  auto second = t->subscribe_raw("conf.work", count, o);
  ASSERT_TRUE(first && second);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(t->publish_async_raw(raw("conf.work", std::to_string(i))));
  ASSERT_TRUE(t->flush());
  ASSERT_TRUE(eventually([&] { return first->stats().handled + second->stats().handled == 100; }, 30s));
  std::this_thread::sleep_for(300ms);
  std::lock_guard lock(m);
  ASSERT_EQ(times.size(), 100u);
  for (const auto& [payload, n] : times) EXPECT_EQ(n, 1) << payload;
}

TYPED_TEST(TransportConformance, FailuresInAGroupAreRetriedThenParkedThenReplayed) {
  this->retried_parked_replayed("billing");
}

TYPED_TEST(TransportConformance, FailuresAloneAreRetriedThenParkedThenReplayed) { this->retried_parked_replayed(""); }

TYPED_TEST(TransportConformance, HostileBytesNeverReachAHandler) {
  auto t = this->connect();
  auto letters = avx::events::make_memory_dead_letters();
  auto o = TypeParam::options();
  o.dead_letters = letters.get();
  Seen<std::string> got;
  auto sub = t->template subscribe<OrderPlaced>(
      "conf.orders.placed", this->registry, [&](const Envelope<OrderPlaced>& e) { got.add(e.event.order_id); }, o);
  ASSERT_TRUE(sub);
  for (std::string bytes : {std::string("\xff\x00\x13garbage", 10), std::string(), std::string(4096, '\xee')}) {
    RawEnvelope hostile = raw("conf.orders.placed", bytes);
    hostile.type = std::string(OrderPlaced::kType);
    hostile.schema_version = OrderPlaced::kVersion;
    ASSERT_TRUE(t->publish_raw(hostile));
  }
  RawEnvelope unknown = raw("conf.orders.placed", avx::events::encode(order("o-2")));
  unknown.type = std::string(OrderPlaced::kType);
  unknown.schema_version = 99;  // a version no registered schema knows
  ASSERT_TRUE(t->publish_raw(unknown));
  RawEnvelope good = raw("conf.orders.placed", avx::events::encode(order("o-ok")));
  good.type = std::string(OrderPlaced::kType);
  good.schema_version = OrderPlaced::kVersion;
  ASSERT_TRUE(t->publish_raw(good));
  ASSERT_TRUE(eventually([&] { return got.size() == 1 && sub->stats().dead_lettered == 4; }, 20s)) << describe(*sub);
  EXPECT_EQ(sub->stats().rejected, 4u);
  EXPECT_THAT(got.items(), ElementsAre("o-ok"));
}

TYPED_TEST(TransportConformance, RequestsGetRepliesErrorsAndTimeouts) {
  auto client = this->connect();
  auto service = this->connect();
  std::string seen_correlation;
  avx::events::Origin seen_origin;
  auto responder = TypeParam::template respond<GetOrder>(
      *service, [&](const GetOrder& q, const DispatchContext& context) -> Result<OrderView> {
        if (q.order_id == "boom") throw std::runtime_error("disk on fire");
        if (q.order_id == "slow") std::this_thread::sleep_for(500ms);
        if (q.order_id == "o-404") return avx::events::unexpected(Errc::kNotFound, "no order o-404");
        seen_correlation = context.correlation_id;
        seen_origin = context.origin;
        OrderView view;
        view.order_id = q.order_id;
        view.total = {990, tests::orders::Currency::BRL};
        return view;
      });
  ASSERT_TRUE(responder) << responder.error().message();
  const avx::events::Origin origin{"user-7", "web", {{"tenant", "acme"}}};
  auto view = TypeParam::request(*client, GetOrder{"o-7"}, {.timeout = 5s, .correlation_id = "corr-9", .origin = origin});
  ASSERT_TRUE(view) << view.error().message();
  EXPECT_EQ(view->order_id, "o-7");
  EXPECT_EQ(view->total.amount_cents, 990);
  EXPECT_EQ(seen_correlation, "corr-9");
  EXPECT_EQ(seen_origin, origin);

  auto missing = TypeParam::request(*client, GetOrder{"o-404"}, {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), Errc::kNotFound);
  EXPECT_EQ(missing.error().message(), "no order o-404");
  auto thrown = TypeParam::request(*client, GetOrder{"boom"}, {});
  ASSERT_FALSE(thrown);
  EXPECT_EQ(thrown.error().code(), Errc::kInternal);
  EXPECT_THAT(thrown.error().message(), HasSubstr("disk on fire"));
  auto garbage = TypeParam::request_raw(*client, GetOrder::kType, std::string("\x01\x02garbage", 9));
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code(), Errc::kInvalidArgument);  // bytes that are not the request: refused
  auto slow = TypeParam::request(*client, GetOrder{"slow"}, {.timeout = 50ms, .correlation_id = {}, .origin = {}});
  ASSERT_FALSE(slow);
  EXPECT_EQ(slow.error().code(), Errc::kTimeout);

  responder = decltype(responder)(avx::events::unexpected(Errc::kUnavailable, "stopped"));  // nobody serves now
  auto nobody = TypeParam::request(*client, GetOrder{"o-1"}, {.timeout = 300ms, .correlation_id = {}, .origin = {}});
  ASSERT_FALSE(nobody);
  EXPECT_EQ(nobody.error().code(), TypeParam::kNobodyServing);
  EXPECT_THAT(nobody.error().message(), HasSubstr("tests.orders.GetOrder"));
}

TYPED_TEST(TransportConformance, AServerKilledAndRestartedLosesNoAcknowledgedEvent) {
  auto t = this->connect(30s);
  Seen<std::string> got;
  auto sub = t->subscribe_raw("conf.crash", this->recorder(got), TypeParam::options());
  ASSERT_TRUE(sub);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(t->publish_raw(raw("conf.crash", std::to_string(i))));
  ASSERT_TRUE(eventually([&] { return got.size() == 10; }, 20s));
  this->server.kill();
  std::jthread restarter([&] {  // joined on every way out of the test
    std::this_thread::sleep_for(300ms);
    this->server.restart();
  });
  for (int i = 10; i < 20; ++i) {  // the first ones wait for the server to be back
    auto ack = t->publish_raw(raw("conf.crash", std::to_string(i)));
    ASSERT_TRUE(ack) << ack.error().message();
  }
  auto distinct = [&] {
    const auto items = got.items();
    return std::set<std::string>(items.begin(), items.end()).size();
  };
  ASSERT_TRUE(eventually([&] { return distinct() == 20; }, 60s)) << describe(*sub);  // each at least once
}

}  // namespace
