// Request/reply over a real nats-server: typed round trips for a query (record reply) and commands
// (field-type and Done replies), errors carried by code, no responders, timeouts, throwing
// responders, and responders sharing the load in one queue group.

#include <atomic>
#include <chrono>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <avx/events/nats/request_reply.h>

#include "tests/schemas/orders.avx.h"
#include "tools/dev/nats_server.h"

namespace {

using namespace std::chrono_literals;
using avx::events::DispatchContext;
using avx::events::Done;
using avx::events::Errc;
using avx::events::RequestOptions;
using avx::events::Result;
using avx::events::nats::Responder;
using avx::events::nats::Transport;
using avx::dev::NatsServer;
using tests::orders::GetOrder;
using tests::orders::OrderView;
using tests::orders::PayOrder;
using tests::orders::PlaceOrder;
using ::testing::HasSubstr;

class NatsRequest : public ::testing::Test {
 protected:
  std::unique_ptr<Transport> connect() {
    avx::events::nats::Options o;
    o.url = server.url();
    auto t = Transport::connect(o);
    EXPECT_TRUE(t) << t.error().message();
    return std::move(*t);
  }

  NatsServer server;
  std::unique_ptr<Transport> client = connect();
  std::unique_ptr<Transport> service = connect();
};

TEST_F(NatsRequest, QueryGetsItsRecordReplyWithTheCorrelationId) {
  std::string seen_correlation;
  avx::events::Origin seen_origin;
  auto responder = avx::events::nats::respond<GetOrder>(
      *service, [&](const GetOrder& q, const DispatchContext& context) -> Result<OrderView> {
        seen_correlation = context.correlation_id;
        seen_origin = context.origin;
        OrderView view;
        view.order_id = q.order_id;
        view.status = tests::orders::OrderStatus::PAID;
        view.total = {990, tests::orders::Currency::BRL};
        return view;
      });
  ASSERT_TRUE(responder) << responder.error().message();
  const avx::events::Origin origin{"user-7", "web", {{"tenant", "acme"}}};
  auto view = avx::events::nats::request(*client, GetOrder{"o-7"},
                                         {.timeout = 5s, .correlation_id = "corr-9", .origin = origin});
  ASSERT_TRUE(view) << view.error().message();
  EXPECT_EQ(view->order_id, "o-7");
  EXPECT_EQ(view->status, tests::orders::OrderStatus::PAID);
  EXPECT_EQ(view->total.amount_cents, 990);
  EXPECT_EQ(seen_correlation, "corr-9");
  EXPECT_EQ(seen_origin, origin);
}

TEST_F(NatsRequest, CommandsReplyWithAFieldTypeOrDone) {
  auto place = avx::events::nats::respond<PlaceOrder>(
      *service, [](const PlaceOrder& c, const DispatchContext&) -> Result<std::string> { return "accepted " + c.order_id; });
  auto pay = avx::events::nats::respond<PayOrder>(*service,
                                                  [](const PayOrder&, const DispatchContext&) -> Result<Done> { return Done{}; });
  ASSERT_TRUE(place && pay);
  PlaceOrder command;
  command.order_id = "o-1";
  auto accepted = avx::events::nats::request(*client, command);
  ASSERT_TRUE(accepted) << accepted.error().message();
  EXPECT_EQ(*accepted, "accepted o-1");
  auto paid = avx::events::nats::request(*client, PayOrder{"o-1"});
  EXPECT_TRUE(paid) << paid.error().message();
}

TEST_F(NatsRequest, HandlerErrorsKeepTheirCode) {
  auto responder = avx::events::nats::respond<GetOrder>(
      *service, [](const GetOrder& q, const DispatchContext&) -> Result<OrderView> {
        if (q.order_id == "boom") throw std::runtime_error("disk on fire");
        return avx::events::unexpected(Errc::kNotFound, "no order " + q.order_id);
      });
  ASSERT_TRUE(responder);
  auto missing = avx::events::nats::request(*client, GetOrder{"o-404"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), Errc::kNotFound);
  EXPECT_EQ(missing.error().message(), "no order o-404");
  auto thrown = avx::events::nats::request(*client, GetOrder{"boom"});
  ASSERT_FALSE(thrown);
  EXPECT_EQ(thrown.error().code(), Errc::kInternal);
  EXPECT_THAT(thrown.error().message(), HasSubstr("disk on fire"));
}

TEST_F(NatsRequest, NobodyServingIsNoRespondersNotATimeout) {
  auto reply = avx::events::nats::request(*client, GetOrder{"o-1"}, {.timeout = 30s, .correlation_id = {}, .origin = {}});
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code(), Errc::kNoResponders);
  EXPECT_THAT(reply.error().message(), HasSubstr("tests.orders.GetOrder"));
}

TEST_F(NatsRequest, SlowResponderIsATimeout) {
  auto responder = avx::events::nats::respond<GetOrder>(
      *service, [](const GetOrder&, const DispatchContext&) -> Result<OrderView> {
        std::this_thread::sleep_for(500ms);
        return OrderView{};
      });
  ASSERT_TRUE(responder);
  auto reply = avx::events::nats::request(*client, GetOrder{"o-1"}, {.timeout = 50ms, .correlation_id = {}, .origin = {}});
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code(), Errc::kTimeout);
}

TEST_F(NatsRequest, BytesThatAreNotTheRequestAreRefused) {
  auto responder = avx::events::nats::respond<GetOrder>(
      *service, [](const GetOrder&, const DispatchContext&) -> Result<OrderView> { return OrderView{}; });
  ASSERT_TRUE(responder);
  auto reply = avx::events::nats::detail::request_raw(*client, GetOrder::kType, "\x01\x02garbage", {});
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code(), Errc::kInvalidArgument);
}

TEST_F(NatsRequest, RespondersInTheGroupShareTheLoad) {
  std::atomic<int> first{0}, second{0};
  auto other = connect();
  auto a = avx::events::nats::respond<GetOrder>(*service, [&](const GetOrder&, const DispatchContext&) -> Result<OrderView> {
    ++first;
    return OrderView{};
  });
  auto b = avx::events::nats::respond<GetOrder>(*other, [&](const GetOrder&, const DispatchContext&) -> Result<OrderView> {
    ++second;
    return OrderView{};
  });
  ASSERT_TRUE(a && b);
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(avx::events::nats::request(*client, GetOrder{"o"}));
  EXPECT_EQ(first + second, 40);  // each request answered once
  EXPECT_GT(first, 0);
  EXPECT_GT(second, 0);
}

}  // namespace
