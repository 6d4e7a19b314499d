// The test utilities users get (//runtime:testing): RecordingBus, AggregateScenario, FakeClock,
// used on the production service example's order domain. Each utility is also shown failing
// where it must (gtest's EXPECT_NONFATAL_FAILURE), so a scenario that passes means something.

#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <avx/events/testing/aggregate_scenario.h>
#include <avx/events/testing/fake_clock.h>
#include <avx/events/testing/recording_bus.h>

#include "examples/production_service/domain.h"

namespace {

using avx::events::Errc;
using avx::events::testing::AggregateScenario;
using avx::events::testing::FakeClock;
using avx::events::testing::Published;
using avx::events::testing::RecordingBus;
using namespace examples::shop;
using ::testing::ElementsAre;
using ::testing::Field;

class OrderScenario : public ::testing::Test {
 protected:
  PlaceOrderHandling place;
  CancelOrderHandling cancel;
  AggregateScenario<Order> order{"o-1"};
  void SetUp() override { order.handles(place).handles(cancel); }
};

TEST_F(OrderScenario, PlacingAnOrderStoresOrderPlaced) {
  order.given().when(PlaceOrder{"o-1", "ada", 4200}).then_events(OrderPlaced{"o-1", "ada", 4200});
}

TEST_F(OrderScenario, CancellingUsesTheStateTheHistoryBuilt) {
  order.given(OrderPlaced{"o-1", "ada", 4200})
      .when(CancelOrder{"o-1", "too slow"})
      .then_events(OrderCancelled{"o-1", "ada", 4200, "too slow"});
}

TEST_F(OrderScenario, TheRulesRefuseWhatTheyMust) {
  order.given(OrderPlaced{"o-1", "ada", 4200}).when(PlaceOrder{"o-1", "ada", 4200}).then_error(Errc::kAlreadyExists);
  order.given(OrderCancelled{"o-1", "ada", 4200, "x"})
      .when(CancelOrder{"o-1", "again"})
      .then_error(Errc::kFailedPrecondition, "is cancelled");
}

TEST(AggregateScenarioRules, RefusalsOfAFreshOrder) {
  PlaceOrderHandling place;
  CancelOrderHandling cancel;
  AggregateScenario<Order> order("o-2");
  order.handles(place).handles(cancel);
  order.when(CancelOrder{"o-2", "never placed"}).then_error(Errc::kNotFound);
  order.when(PlaceOrder{"o-2", "ada", 0}).then_error(Errc::kInvalidArgument, "must be positive");
  order.when(PlaceOrder{"o-2", "", 10}).then_error(Errc::kInvalidArgument, "user_id");
}

TEST_F(OrderScenario, WhatWasSavedIsPublishedWithItsPlaceInTheStream) {
  order.given(OrderPlaced{"o-1", "ada", 100}).when(CancelOrder{"o-1", "why"});
  auto published = order.bus().envelopes<OrderCancelled>();
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].metadata.aggregate_id, "o-1");
  EXPECT_EQ(published[0].metadata.version, 2u);
  EXPECT_THAT(order.bus(), Published<OrderCancelled>(Field(&OrderCancelled::reason, "why")));
  auto loaded = order.load();
  ASSERT_TRUE(loaded);
  EXPECT_TRUE(loaded->state().cancelled);
}

// The scenario catches wrong expectations: each of these must report a failure.
TEST_F(OrderScenario, ReportsEventsThatDifferFromTheExpected) {
  EXPECT_NONFATAL_FAILURE(order.when(PlaceOrder{"o-1", "ada", 4200}).then_events(OrderPlaced{"o-1", "ada", 1}),
                          "differs");
}

TEST_F(OrderScenario, ReportsTheWrongNumberOrTypeOfEvents) {
  EXPECT_NONFATAL_FAILURE(order.when(PlaceOrder{"o-1", "ada", 1}).then_events(), "expected 0 event(s)");
  EXPECT_NONFATAL_FAILURE(order.given(OrderPlaced{"o-1", "ada", 1})
                              .when(CancelOrder{"o-1", "x"})
                              .then_events(OrderPlaced{"o-1", "ada", 1}),
                          "expected examples.shop.OrderPlaced, got examples.shop.OrderCancelled");
}

TEST_F(OrderScenario, ReportsASuccessWhereAnErrorWasExpectedAndTheOtherWayRound) {
  EXPECT_NONFATAL_FAILURE(order.when(PlaceOrder{"o-1", "ada", 1}).then_error(Errc::kConflict),
                          "expected an error");
  EXPECT_NONFATAL_FAILURE(order.when(PlaceOrder{"o-1", "ada", 1}).then_events(OrderPlaced{"o-1", "ada", 1}),
                          "the command failed");
}

TEST(RecordingBus, RecordsEveryPublishWhetherOrNotAnyoneSubscribed) {
  RecordingBus bus;
  bus.publish(OrderPlaced{"o-1", "ada", 1});
  int seen = 0;
  auto sub = bus.subscribe<OrderCancelled>([&](const auto&) { ++seen; });
  bus.publish(OrderCancelled{"o-1", "ada", 1, "x"});
  EXPECT_EQ(seen, 1);  // subscribers still receive
  EXPECT_EQ(bus.types(), (std::vector<std::string>{"examples.shop.OrderPlaced", "examples.shop.OrderCancelled"}));
  EXPECT_THAT(bus.events<OrderPlaced>(), ElementsAre(Field(&OrderPlaced::user_id, "ada")));
  EXPECT_FALSE(bus.envelopes<OrderPlaced>()[0].metadata.event_id.is_nil());  // stamped
  EXPECT_THAT(bus, Published<OrderPlaced>(Field(&OrderPlaced::amount_cents, 1)));
  EXPECT_THAT(bus, ::testing::Not(Published<OrderPlaced>(Field(&OrderPlaced::amount_cents, 2))));
  bus.clear();
  EXPECT_EQ(bus.size(), 0u);
}

TEST(FakeClock, MovesOnlyWhenTold) {
  FakeClock clock;
  auto read = clock.function();
  auto start = read();
  EXPECT_EQ(read(), start);
  clock.advance(std::chrono::seconds(30));
  EXPECT_EQ(read() - start, std::chrono::seconds(30));
  clock.set(avx::events::timestamp_from_nanos(5));
  EXPECT_EQ(avx::events::to_nanos(clock.now()), 5);
}

}  // namespace
