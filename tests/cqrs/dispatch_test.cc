// The command and query buses: exactly one handler per type, a clear error without one, and
// middleware around every dispatch in the order registered.

#include <latch>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <avx/events.h>

#include "tests/schemas/orders.avx.h"

namespace {

using avx::events::CommandBus;
using avx::events::Dispatch;
using avx::events::DispatchContext;
using avx::events::DispatchMetrics;
using avx::events::Done;
using avx::events::Errc;
using avx::events::Next;
using avx::events::QueryBus;
using avx::events::Result;
using avx::events::Status;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace tests::orders;

Result<Done> ok_notify(const NotifyCustomer&, const DispatchContext&) { return Done{}; }

TEST(CommandBus, DispatchesToTheOneHandlerAndReturnsItsReply) {
  CommandBus commands;
  std::string seen;
  ASSERT_TRUE(commands.handle<NotifyCustomer>([&](const NotifyCustomer& c, const DispatchContext&) -> Result<Done> {
    seen = c.customer_id + ":" + c.text;
    return Done{};
  }));
  auto reply = commands.dispatch(NotifyCustomer{"c-1", "hello"});
  ASSERT_TRUE(reply.has_value()) << reply.error().message();
  EXPECT_EQ(seen, "c-1:hello");
}

TEST(CommandBus, ASecondHandlerIsRefusedAndTheFirstKeepsWorking) {
  CommandBus commands;
  int first = 0;
  ASSERT_TRUE(commands.handle<NotifyCustomer>([&](const NotifyCustomer&, const DispatchContext&) -> Result<Done> {
    ++first;
    return Done{};
  }));
  auto second = commands.handle<NotifyCustomer>(ok_notify);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code(), Errc::kAlreadyExists);
  EXPECT_THAT(second.error().message(), HasSubstr("command tests.orders.NotifyCustomer already has a handler"));
  ASSERT_TRUE(commands.dispatch(NotifyCustomer{}).has_value());
  EXPECT_EQ(first, 1);
}

TEST(CommandBus, NoHandlerIsAnErrorNamingTheType) {
  CommandBus commands;
  auto reply = commands.dispatch(NotifyCustomer{});
  ASSERT_FALSE(reply.has_value());
  EXPECT_EQ(reply.error().code(), Errc::kNotFound);
  EXPECT_EQ(reply.error().message(), "no handler for command tests.orders.NotifyCustomer");
  ASSERT_TRUE(commands.handle<NotifyCustomer>(ok_notify));
  commands.remove<NotifyCustomer>();
  EXPECT_EQ(commands.dispatch(NotifyCustomer{}).error().code(), Errc::kNotFound);
}

TEST(CommandBus, HandlerErrorsReachTheCaller) {
  CommandBus commands;
  ASSERT_TRUE(commands.handle<PlaceOrder>([](const PlaceOrder&, const DispatchContext&) -> Result<std::string> {
    return avx::events::unexpected(Errc::kInvalidArgument, "no lines");
  }));
  auto reply = commands.dispatch(PlaceOrder{"o-1", "c-1", {}});
  ASSERT_FALSE(reply.has_value());
  EXPECT_EQ(reply.error().message(), "no lines");
}

TEST(CommandBus, MiddlewareRunsAroundTheHandlerInRegistrationOrder) {
  CommandBus commands;
  std::vector<std::string> trace;
  auto layer = [&trace](std::string name) {
    return [&trace, name](const Dispatch& d, const Next& next) -> Status {
      trace.push_back(name + ">" + std::string(d.type));
      Status s = next();
      trace.push_back("<" + name);
      return s;
    };
  };
  commands.use(layer("a"));
  commands.use(layer("b"));
  ASSERT_TRUE(commands.handle<NotifyCustomer>([&](const NotifyCustomer&, const DispatchContext&) -> Result<Done> {
    trace.push_back("handler");
    return Done{};
  }));
  ASSERT_TRUE(commands.dispatch(NotifyCustomer{}).has_value());
  EXPECT_THAT(trace, ElementsAre("a>tests.orders.NotifyCustomer", "b>tests.orders.NotifyCustomer", "handler", "<b",
                                 "<a"));
}

TEST(CommandBus, ValidationRefusesBeforeTheHandlerAndLetsOtherTypesPass) {
  CommandBus commands;
  int handled = 0;
  commands.use(avx::events::validation<PlaceOrder>([](const PlaceOrder& c) -> Status {
    if (c.lines.empty()) return avx::events::unexpected(Errc::kInvalidArgument, "an order needs lines");
    return {};
  }));
  ASSERT_TRUE(commands.handle<PlaceOrder>([&](const PlaceOrder& c, const DispatchContext&) -> Result<std::string> {
    ++handled;
    return c.order_id;
  }));
  ASSERT_TRUE(commands.handle<NotifyCustomer>(ok_notify));
  auto refused = commands.dispatch(PlaceOrder{"o-1", "c-1", {}});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().message(), "an order needs lines");
  EXPECT_EQ(handled, 0);
  EXPECT_EQ(*commands.dispatch(PlaceOrder{"o-2", "c-1", {OrderLine{"sku", 1, {}}}}), "o-2");
  EXPECT_EQ(handled, 1);
  EXPECT_TRUE(commands.dispatch(NotifyCustomer{}).has_value());
}

TEST(CommandBus, LoggingCarriesTheCorrelationIdAndTheOutcome) {
  CommandBus commands;
  std::vector<std::string> lines;
  commands.use(avx::events::logging_middleware([&](std::string_view line) { lines.emplace_back(line); }));
  std::string handler_saw;
  ASSERT_TRUE(commands.handle<PlaceOrder>([&](const PlaceOrder&, const DispatchContext& ctx) -> Result<std::string> {
    handler_saw = ctx.correlation_id;
    return avx::events::unexpected(Errc::kConflict, "taken");
  }));
  (void)commands.dispatch(PlaceOrder{"o-1", "c-1", {}}, "corr-42");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("command tests.orders.PlaceOrder correlation=corr-42 failed in "));
  EXPECT_THAT(lines[0], HasSubstr(": taken"));
  EXPECT_EQ(handler_saw, "corr-42");

  // Without one, the bus makes one up: the message's own id.
  (void)commands.dispatch(PlaceOrder{"o-1", "c-1", {}});
  EXPECT_EQ(handler_saw.size(), 32u);
}

TEST(CommandBus, MetricsCountDispatchesAndFailuresPerType) {
  CommandBus commands;
  DispatchMetrics metrics;
  commands.use(metrics.middleware());
  bool fail = false;
  ASSERT_TRUE(commands.handle<NotifyCustomer>([&](const NotifyCustomer&, const DispatchContext&) -> Result<Done> {
    if (fail) return avx::events::unexpected(Errc::kInternal, "down");
    return Done{};
  }));
  (void)commands.dispatch(NotifyCustomer{});
  fail = true;
  (void)commands.dispatch(NotifyCustomer{});
  (void)commands.dispatch(PlaceOrder{});  // no handler: never reaches the middleware
  auto counts = metrics.of(NotifyCustomer::kType);
  EXPECT_EQ(counts.dispatched, 2u);
  EXPECT_EQ(counts.failed, 1u);
  EXPECT_EQ(metrics.of(PlaceOrder::kType).dispatched, 0u);
}

TEST(QueryBus, AnswersThroughItsOneHandler) {
  QueryBus queries;
  ASSERT_TRUE(queries.handle<GetOrder>([](const GetOrder& q, const DispatchContext&) -> Result<OrderView> {
    return OrderView{q.order_id, OrderStatus::PAID, {250, Currency::EUR}};
  }));
  auto view = queries.dispatch(GetOrder{"o-7"});
  ASSERT_TRUE(view.has_value());
  EXPECT_EQ(view->order_id, "o-7");
  EXPECT_EQ(view->status, OrderStatus::PAID);
  EXPECT_EQ(queries.handle<GetOrder>([](const GetOrder&, const DispatchContext&) -> Result<OrderView> {
              return OrderView{};
            }).error().code(),
            Errc::kAlreadyExists);
}

// Registering while other threads dispatch is safe (run under TSan).
TEST(CommandBus, RegistrationWhileDispatchingFromOtherThreads) {
  CommandBus commands;
  ASSERT_TRUE(commands.handle<NotifyCustomer>(ok_notify));
  constexpr int kThreads = 4;
  std::atomic<bool> stop{false};
  std::latch dispatching(kThreads);  // registration starts once every thread is dispatching
  std::vector<std::thread> threads;
  std::atomic<int> ok{0}, failed{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      bool first = true;
      do {
        (commands.dispatch(NotifyCustomer{}) ? ok : failed)++;
        if (std::exchange(first, false)) dispatching.count_down();
      } while (!stop);
    });
  }
  dispatching.wait();
  for (int i = 0; i < 200; ++i) {
    commands.use([](const Dispatch&, const Next& next) { return next(); });
    (void)commands.handle<PayOrder>([](const PayOrder&, const DispatchContext&) -> Result<Done> { return Done{}; });
    commands.remove<PayOrder>();
  }
  stop = true;
  for (auto& t : threads) t.join();
  EXPECT_GE(ok.load(), kThreads);
  EXPECT_EQ(failed.load(), 0);  // NotifyCustomer's handler stayed registered throughout
}

}  // namespace
