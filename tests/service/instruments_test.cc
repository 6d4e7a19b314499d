// The runtime's parts measured: each export and wrapper shows up on the registry's page with the
// counts the work produced.

#include "avx/events/instruments.h"

#include <future>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <asio/thread_pool.hpp>
#include <gtest/gtest.h>

#include "avx/events/dlq/dead_letter.h"
#include "avx/events/prometheus_text.h"
#include "tests/schemas/orders.avx.h"
#include "tests/support/deadline.h"

namespace avx::events::service {
namespace {

using namespace std::chrono_literals;
using tests::orders::OrderPaid;
using tests::orders::OrderPlaced;

std::string page(const metrics::Registry& registry) { return metrics::to_prometheus_text(registry.collect()); }

bool has(const std::string& text, const std::string& line) { return text.find(line + "\n") != std::string::npos; }

EventData event_data() {
  EventData e;
  e.event_id = EventId::generate();
  e.type = "test.Happened";
  e.payload = "p";
  return e;
}

TEST(Instruments, TheBusExportCountsPublishesByType) {
  metrics::Registry registry;
  EventBus bus;
  auto handle = export_bus(registry, bus);
  bus.publish(OrderPlaced{});
  bus.publish(OrderPlaced{});
  bus.publish(OrderPaid{});
  std::string text = page(registry);
  EXPECT_TRUE(has(text, "# TYPE avx_events_published_total counter")) << text;
  EXPECT_TRUE(has(text, "avx_events_published_total{event_type=\"tests.orders.OrderPlaced\"} 2")) << text;
  EXPECT_TRUE(has(text, "avx_events_published_total{event_type=\"tests.orders.OrderPaid\"} 1")) << text;
  handle.reset();
  EXPECT_EQ(page(registry).find("avx_events_published_total"), std::string::npos);
}

TEST(Instruments, ATopicBusExportsItsPublishesTheSameWay) {
  metrics::Registry registry;
  avx::events::TopicBus bus;
  auto handle = export_bus(registry, bus);
  bus.publish(OrderPlaced{});
  std::string text = page(registry);
  EXPECT_TRUE(has(text, "avx_events_published_total{event_type=\"tests.orders.OrderPlaced\"} 1")) << text;
}

TEST(Instruments, MeteredHandlersCountOutcomesAndTimeEveryCall) {
  metrics::Registry registry;
  EventBus bus;
  int calls = 0;
  auto sub = bus.subscribe<OrderPlaced>(metered(registry, "billing", [&](const Envelope<OrderPlaced>& e) {
    ++calls;
    if (e.event.order_id == "bad") throw std::runtime_error("refused");
  }));
  OrderPlaced good;
  good.order_id = "good";
  OrderPlaced bad;
  bad.order_id = "bad";
  bus.publish(good);
  bus.publish(good);
  bus.publish(bad);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(sub.stats().failed, 1u);  // the throw still reaches the bus
  std::string text = page(registry);
  EXPECT_TRUE(has(text, "avx_events_handled_total{subscription=\"billing\",outcome=\"success\"} 2")) << text;
  EXPECT_TRUE(has(text, "avx_events_handled_total{subscription=\"billing\",outcome=\"failure\"} 1")) << text;
  EXPECT_TRUE(has(text, "avx_events_handler_duration_seconds_count{subscription=\"billing\"} 3")) << text;
}

TEST(Instruments, AFailedStatusCountsAsAFailureAndIsReturned) {
  metrics::Registry registry;
  auto handler = metered(registry, "projection", [](int n) -> Status {
    if (n < 0) return unexpected(Errc::kInvalidArgument, "negative");
    return {};
  });
  EXPECT_TRUE(handler(1));
  auto failed = handler(-1);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message(), "negative");
  std::string text = page(registry);
  EXPECT_TRUE(has(text, "avx_events_handled_total{subscription=\"projection\",outcome=\"success\"} 1")) << text;
  EXPECT_TRUE(has(text, "avx_events_handled_total{subscription=\"projection\",outcome=\"failure\"} 1")) << text;
}

TEST(Instruments, TheMeteredStoreTimesAppendsAndCountsRefusals) {
  metrics::Registry registry;
  auto memory = make_memory_store();
  MeteredEventStore store(*memory, registry, "memory");
  std::vector<EventData> one{event_data()};
  ASSERT_TRUE(store.append("order-1", ExpectedVersion::no_stream(), one));
  std::vector<EventData> two{event_data()};
  EXPECT_FALSE(store.append("order-1", ExpectedVersion::no_stream(), two));  // a conflict
  auto read = store.read_stream("order-1", 1, 10);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->size(), 1u);
  std::string text = page(registry);
  EXPECT_TRUE(has(text, "avx_events_store_append_duration_seconds_count{backend=\"memory\"} 2")) << text;
  EXPECT_TRUE(has(text, "avx_events_store_append_failures_total{backend=\"memory\"} 1")) << text;
}

TEST(Instruments, TheDurableExportShowsLagAndDeadLetters) {
  metrics::Registry registry;
  auto store = make_memory_store();
  auto letters = make_memory_dead_letters();
  for (const char* stream : {"a-1", "bad-1", "a-2"}) {
    std::vector<EventData> batch{event_data()};
    ASSERT_TRUE(store->append(stream, ExpectedVersion::any(), batch));
  }
  auto sub = DurableSubscription::start(
      *store,
      [](const RecordedEvent& e) -> Status {
        if (e.stream == "bad-1") return unexpected(Errc::kInternal, "cannot");
        return {};
      },
      {.name = "projection", .dead_letters = letters.get(), .policy = {.max_attempts = 1}});
  ASSERT_TRUE(sub) << sub.error().message();
  auto handle = export_durable(registry, "projection", **sub);
  ASSERT_TRUE((*sub)->wait_for(3, 10s));
  ASSERT_TRUE(avx::testing::eventually([&] { return (*sub)->stats().guard->parked == 1; }));
  std::string text = page(registry);
  EXPECT_TRUE(has(text, "avx_events_subscription_lag_events{subscription=\"projection\"} 0")) << text;
  EXPECT_TRUE(has(text, "avx_events_dead_lettered_total{subscription=\"projection\"} 1")) << text;
}

TEST(Instruments, TheAsyncExportShowsQueueDepth) {
  metrics::Registry registry;
  EventBus bus;
  asio::thread_pool pool(1);
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  struct Release {  // lets the handler go even when an assertion below fails
    std::promise<void>& promise;
    asio::thread_pool& pool;
    ~Release() {
      promise.set_value();
      pool.join();
    }
  };
  auto sub = bus.subscribe<OrderPlaced>(
      [&entered, released, first = true](const auto&) mutable {
        if (std::exchange(first, false)) entered.set_value();
        released.wait();
      },
      SubscribeOptions{AsyncDelivery{pool.get_executor(), 16}});
  Release guard{release, pool};
  auto handle = export_async(registry, "mailer", sub);
  bus.publish(OrderPlaced{});
  entered.get_future().wait();  // the handler holds the first event: the next four queue up
  for (int i = 0; i < 4; ++i) bus.publish(OrderPlaced{});
  ASSERT_EQ(sub.stats().queued, 4u);
  std::string text = page(registry);
  EXPECT_TRUE(has(text, "avx_events_subscriber_queue_depth{subscription=\"mailer\"} 4")) << text;
  EXPECT_TRUE(has(text, "avx_events_subscriber_dropped_total{subscription=\"mailer\"} 0")) << text;
}

}  // namespace
}  // namespace avx::events::service
