// Request/reply: replies, timeouts, a fast "no responders", many requests in flight (run under
// TSan), and the three ways to wait: a future, a coroutine, a callback.

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <thread>
#include <vector>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/use_awaitable.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <avx/events.h>

#include "tests/schemas/orders.avx.h"

namespace {

using namespace std::chrono_literals;
using avx::events::CommandBus;
using avx::events::DispatchContext;
using avx::events::Done;
using avx::events::Errc;
using avx::events::QueryBus;
using avx::events::Requester;
using avx::events::RequestOptions;
using avx::events::Result;
using ::testing::HasSubstr;
using namespace tests::orders;

Result<OrderView> echo(const GetOrder& q, const DispatchContext&) { return OrderView{q.order_id, {}, {}}; }

TEST(Requester, RepliesWithTheHandlersAnswerAndTheCorrelationId) {
  CommandBus commands;
  QueryBus queries;
  std::string correlation;
  ASSERT_TRUE(queries.handle<GetOrder>([&](const GetOrder& q, const DispatchContext& ctx) -> Result<OrderView> {
    correlation = ctx.correlation_id;
    return OrderView{q.order_id, OrderStatus::PAID, {}};
  }));
  ASSERT_TRUE(commands.handle<PlaceOrder>([](const PlaceOrder& c, const DispatchContext&) -> Result<std::string> {
    return "placed " + c.order_id;
  }));
  Requester requester(commands, queries);
  auto view = requester.request(GetOrder{"o-1"}, RequestOptions{1s, "corr-9", {}}).get();
  ASSERT_TRUE(view.has_value()) << view.error().message();
  EXPECT_EQ(view->order_id, "o-1");
  EXPECT_EQ(correlation, "corr-9");
  EXPECT_EQ(*requester.request(PlaceOrder{"o-2", "c", {}}, 1s).get(), "placed o-2");
  EXPECT_EQ(requester.in_flight(), 0u);
}

TEST(Requester, ASlowHandlerTimesOutAndItsLateReplyIsDropped) {
  CommandBus commands;
  QueryBus queries;
  std::latch release(1);
  std::atomic<bool> finished{false};
  ASSERT_TRUE(queries.handle<GetOrder>([&](const GetOrder& q, const DispatchContext&) -> Result<OrderView> {
    release.wait();
    finished = true;
    return OrderView{q.order_id, {}, {}};
  }));
  Requester requester(commands, queries);
  auto reply = requester.request(GetOrder{"o-1"}, 20ms).get();  // the handler is still blocked
  ASSERT_FALSE(reply.has_value());
  EXPECT_EQ(reply.error().code(), Errc::kTimeout);
  EXPECT_THAT(reply.error().message(), HasSubstr("tests.orders.GetOrder got no reply within 20 ms"));
  EXPECT_FALSE(finished.load());
  release.count_down();
}

TEST(Requester, NoRespondersFailsAtOnceNotAfterTheTimeout) {
  CommandBus commands;
  QueryBus queries;
  Requester requester(commands, queries);
  auto reply = requester.request(GetOrder{"o-1"}, 24h);
  ASSERT_EQ(reply.wait_for(30s), std::future_status::ready);  // a day's timeout was never waited for
  auto r = reply.get();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), Errc::kNoResponders);
  EXPECT_EQ(r.error().message(), "no responders for query tests.orders.GetOrder");
}

TEST(Requester, HandlerErrorsAreTheReply) {
  CommandBus commands;
  QueryBus queries;
  ASSERT_TRUE(queries.handle<GetOrder>([](const GetOrder&, const DispatchContext&) -> Result<OrderView> {
    return avx::events::unexpected(Errc::kNotFound, "no such order");
  }));
  Requester requester(commands, queries);
  auto r = requester.request(GetOrder{"o-1"}, 1s).get();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), Errc::kNotFound);
}

TEST(Requester, ManyConcurrentRequestsEachGetTheirOwnReply) {
  CommandBus commands;
  QueryBus queries;
  ASSERT_TRUE(queries.handle<GetOrder>(echo));
  Requester requester(commands, queries, 4);
  constexpr int kThreads = 6, kEach = 100;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::pair<std::string, std::future<Result<OrderView>>>> futures;
      for (int i = 0; i < kEach; ++i) {
        std::string id = "o-" + std::to_string(t) + "-" + std::to_string(i);
        futures.emplace_back(id, requester.request(GetOrder{id}, 30s));
      }
      for (auto& [id, f] : futures) {
        auto r = f.get();
        if (!r || r->order_id != id) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(requester.in_flight(), 0u);
}

TEST(Requester, AwaitableFromACoroutine) {
  CommandBus commands;
  QueryBus queries;
  ASSERT_TRUE(queries.handle<GetOrder>(echo));
  asio::io_context io;  // outlives the requester, whose threads post completions to it (TSan found this)
  Requester requester(commands, queries);
  std::vector<std::string> got;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        // Named messages: GCC 12 relocates temporaries of a co_await expression bitwise (see
        // request_reply.h).
        const std::vector<std::string> ids{"a", "b"};
        for (const std::string& id : ids) {
          GetOrder query{id};
          auto r = co_await requester.async_request(std::move(query), 1s, asio::use_awaitable);
          got.push_back(r ? r->order_id : r.error().message());
        }
        NotifyCustomer notify{"c", "a rather long text that does not fit a short string"};
        auto none = co_await requester.async_request(std::move(notify), 1s, asio::use_awaitable);
        got.push_back(none ? "?" : avx::events::to_string(none.error().code()));
      },
      asio::detached);
  io.run();
  EXPECT_EQ(got, (std::vector<std::string>{"a", "b", "no responders"}));
}

TEST(Requester, CallbackCompletion) {
  CommandBus commands;
  QueryBus queries;
  ASSERT_TRUE(commands.handle<NotifyCustomer>([](const NotifyCustomer&, const DispatchContext&) -> Result<Done> {
    return Done{};
  }));
  Requester requester(commands, queries);
  std::promise<bool> done;
  requester.async_request(NotifyCustomer{"c", "hi"}, 1s, [&](Result<Done> r) { done.set_value(r.has_value()); });
  EXPECT_TRUE(done.get_future().get());
}

// A throwing handler, with or without middleware, is an error reply, never a terminated process.
TEST(Requester, AThrowingHandlerBecomesAnErrorReply) {
  for (bool with_middleware : {false, true}) {
    CommandBus commands;
    QueryBus queries;
    if (with_middleware) {
      queries.use([](const avx::events::Dispatch&, const avx::events::Next& next) { return next(); });
    }
    ASSERT_TRUE(queries.handle<GetOrder>([](const GetOrder&, const DispatchContext&) -> Result<OrderView> {
      throw std::runtime_error("boom from handler");
    }));
    ASSERT_TRUE(commands.handle<PlaceOrder>([](const PlaceOrder&, const DispatchContext&) -> Result<std::string> {
      throw 42;
    }));
    Requester requester(commands, queries);
    auto view = requester.request(GetOrder{"o-1"}, 5s).get();
    ASSERT_FALSE(view.has_value());
    EXPECT_EQ(view.error().code(), Errc::kInternal);
    EXPECT_THAT(view.error().message(), HasSubstr("boom from handler"));
    EXPECT_THAT(view.error().message(), HasSubstr(std::string(GetOrder::kType)));
    auto placed = requester.request(PlaceOrder{"o-2", "c", {}}, 5s).get();
    ASSERT_FALSE(placed.has_value());
    EXPECT_THAT(placed.error().message(), HasSubstr("not a std::exception"));
  }
}

TEST(CommandBus, AThrowingHandlerIsAnErrorForADirectDispatchToo) {
  CommandBus commands;
  ASSERT_TRUE(commands.handle<PlaceOrder>([](const PlaceOrder&, const DispatchContext&) -> Result<std::string> {
    throw std::logic_error("bad state");
  }));
  auto reply = commands.dispatch(PlaceOrder{"o-1", "c", {}});
  ASSERT_FALSE(reply.has_value());
  EXPECT_THAT(reply.error().message(), HasSubstr("bad state"));
}

}  // namespace
