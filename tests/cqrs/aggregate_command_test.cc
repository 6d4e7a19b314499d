// Commands against aggregates through the generated route(): load, handle, save with the loaded
// version, publish; retried on concurrent changes; nothing saved when the handler refuses.

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <avx/events.h>

#include "tests/schemas/order.h"
#include "tests/store/store_fixture.h"

namespace {

using avx::events::CommandBus;
using avx::events::CommandRetry;
using avx::events::DispatchContext;
using avx::events::Done;
using avx::events::Errc;
using avx::events::Repository;
using avx::events::Result;
using namespace tests::orders;

class Placing : public PlaceOrderHandler {
 public:
  Result<std::string> handle(OrderBase& order, const PlaceOrder& c, const DispatchContext&) override {
    if (order.version() != 0) return avx::events::unexpected(Errc::kAlreadyExists, "order " + c.order_id + " exists");
    Money total{0, Currency::EUR};
    for (const auto& line : c.lines) total.amount_cents += line.quantity * line.unit_price.amount_cents;
    order.record(OrderPlaced{c.order_id, c.customer_id, c.lines, total});
    return c.order_id;
  }
};

// Records a payment on every dispatch, whatever the state: every dispatch must end up stored once.
class PayingAlways : public PayOrderHandler {
 public:
  Result<Done> handle(OrderBase& order, const PayOrder& c, const DispatchContext&) override {
    ++calls;
    order.record(OrderPaid{c.order_id, avx::events::now()});
    return Done{};
  }
  std::atomic<int> calls{0};
};

class AggregateCommands : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override { store_ = avx::testing::fresh_store(GetParam()); }
  std::unique_ptr<avx::events::EventStore> store_;
};

TEST_P(AggregateCommands, LoadHandleSavePublishWithTheCorrelationIdAndOrigin) {
  avx::events::EventBus bus;
  Repository<Order> orders(*store_, &bus);
  CommandBus commands;
  Placing placing;
  ASSERT_TRUE(route(commands, placing, orders));

  std::vector<avx::events::Metadata> published;
  auto sub = bus.subscribe<OrderPlaced>([&](const avx::events::Envelope<OrderPlaced>& e) { published.push_back(e.metadata); });
  auto id = commands.dispatch(PlaceOrder{"o-1", "c-1", {OrderLine{"sku", 2, {150, Currency::EUR}}}}, "corr-1");
  ASSERT_TRUE(id.has_value()) << id.error().message();
  EXPECT_EQ(*id, "o-1");

  auto loaded = orders.load("o-1");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->version(), 1u);
  EXPECT_EQ(loaded->state().total.amount_cents, 300);
  auto stored = store_->read_stream(Order::stream_name("o-1"), 1, 10);
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].correlation_id, "corr-1");
  EXPECT_EQ((*stored)[0].causation_id.size(), 32u);  // the command's message id
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].correlation_id, "corr-1");
  EXPECT_EQ(published[0].version, 1u);

  // Who sent a command travels to the events it caused, stored and published.
  DispatchContext context;
  context.origin = {"user-7", "shop-http", {{"tenant", "acme"}}};
  ASSERT_TRUE(commands.dispatch(PlaceOrder{"o-2", "c-1", {}}, context).has_value());
  auto second = store_->read_stream(Order::stream_name("o-2"), 1, 10);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].origin, context.origin);
  EXPECT_EQ((*second)[0].correlation_id.size(), 32u);  // none given: the dispatch's own id
  EXPECT_EQ((*second)[0].correlation_id, (*second)[0].causation_id);
  ASSERT_EQ(published.size(), 2u);
  EXPECT_EQ(published[1].origin, context.origin);
}

TEST_P(AggregateCommands, AHandlerErrorSavesAndPublishesNothing) {
  avx::events::EventBus bus;
  Repository<Order> orders(*store_, &bus);
  CommandBus commands;
  Placing placing;
  ASSERT_TRUE(route(commands, placing, orders));
  ASSERT_TRUE(commands.dispatch(PlaceOrder{"o-1", "c-1", {}}).has_value());
  int published = 0;
  auto sub = bus.subscribe<OrderPlaced>([&](const avx::events::Envelope<OrderPlaced>&) { ++published; });
  auto again = commands.dispatch(PlaceOrder{"o-1", "c-2", {}});
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code(), Errc::kAlreadyExists);
  EXPECT_EQ(*store_->stream_version(Order::stream_name("o-1")), 1u);
  EXPECT_EQ(published, 0);
}

// Many threads dispatch against one aggregate at once: every save that meets a concurrent change
// is retried on fresh state, so each dispatch is stored exactly once and versions stay contiguous.
TEST_P(AggregateCommands, ConcurrentConflictingDispatchIsRetriedNothingLostOrDoubled) {
  Repository<Order> orders(*store_);
  CommandBus commands;
  Placing placing;
  PayingAlways paying;
  ASSERT_TRUE(route(commands, placing, orders));
  ASSERT_TRUE(route(commands, paying, orders, CommandRetry{1000}));
  ASSERT_TRUE(commands.dispatch(PlaceOrder{"o-1", "c-1", {}}).has_value());

  constexpr int kThreads = 6, kEach = 15;
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        if (!commands.dispatch(PayOrder{"o-1"})) ++failed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(*store_->stream_version(Order::stream_name("o-1")), 1u + kThreads * kEach);
  EXPECT_GE(paying.calls.load(), kThreads * kEach);  // retries ran the handler again
  auto events = store_->read_stream(Order::stream_name("o-1"), 1, 1000);
  for (std::size_t i = 0; i < events->size(); ++i) EXPECT_EQ((*events)[i].version, i + 1);
}

TEST_P(AggregateCommands, RetriesStopAtTheLimitWithTheConflict) {
  Repository<Order> orders(*store_);
  CommandBus commands;
  // A handler that lets another writer in between load and save, every time.
  class Racing : public PayOrderHandler {
   public:
    Racing(Repository<Order>& r) : repo(r) {}
    Result<Done> handle(OrderBase& order, const PayOrder& c, const DispatchContext&) override {
      ++calls;
      auto other = repo.load(c.order_id);
      other->pay();
      (void)repo.save(*other);
      order.record(OrderPaid{c.order_id, avx::events::now()});
      return Done{};
    }
    Repository<Order>& repo;
    int calls = 0;
  } racing(orders);
  ASSERT_TRUE(route(commands, racing, orders, CommandRetry{3}));
  auto paid = commands.dispatch(PayOrder{"o-9"});
  ASSERT_FALSE(paid.has_value());
  EXPECT_EQ(paid.error().code(), Errc::kConflict);
  EXPECT_EQ(racing.calls, 3);
  EXPECT_EQ(*store_->stream_version(Order::stream_name("o-9")), 3u);  // only the other writer's
}

// The generated Subscriber: typed on() per event from the bus, and from stored (old) events.
TEST_P(AggregateCommands, SubscribersSeeBusEventsAndStoredEventsAsCurrentTypes) {
  struct Seen : Subscriber {
    avx::events::Status on(const OrderPlaced& e, const avx::events::Metadata& m) override {
      placed.push_back(e.order_id + "@" + std::to_string(m.version) + ":" + std::to_string(e.total.amount_cents));
      return {};
    }
    std::vector<std::string> placed;
  } seen;
  avx::events::EventBus bus;
  auto subs = subscribe(bus, seen);
  bus.publish(OrderPlaced{"o-1", "c", {}, {5, {}}});
  bus.publish(OrderPaid{"o-1", {}});  // not overridden: accepted and ignored

  avx::events::EventData v1;
  v1.event_id = avx::events::EventId::generate();
  v1.type = std::string(OrderPlaced::kType);
  v1.schema_version = 1;
  v1.payload = avx::events::encode(OrderPlacedV1{"o-2", "c", {}, {77, {}}});
  ASSERT_TRUE(store_->append("Order-o-2", avx::events::ExpectedVersion::any(), {&v1, 1}).has_value());
  auto stored = store_->read_all(1, 10);
  ASSERT_TRUE(deliver(seen, (*stored)[0]).has_value());
  EXPECT_EQ(seen.placed, (std::vector<std::string>{"o-1@0:5", "o-2@1:77"}));

  avx::events::RecordedEvent foreign = (*stored)[0];
  foreign.type = "other.Thing";
  auto refused = deliver(seen, foreign);
  ASSERT_FALSE(refused.has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, AggregateCommands, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Sqlite" : "Memory"; });

}  // namespace
