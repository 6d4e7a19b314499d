// The stubs `avx-events stubs` writes for tests/schemas/orders.yaml compile, link, route onto the
// buses, and answer every message with a clear kUnimplemented error.

#include <gtest/gtest.h>

#include <avx/events.h>

#include "tests/codegen/stubs/orders.stubs.h"
#include "tests/schemas/order.h"

namespace {

using avx::events::Errc;
using namespace tests::orders;

TEST(Stubs, EveryHandlerRoutesAndSaysItIsNotImplemented) {
  auto store = avx::events::make_memory_store();
  avx::events::Repository<Order> orders(*store);
  avx::events::CommandBus commands;
  avx::events::QueryBus queries;
  PlaceOrderHandlerImpl place;
  PayOrderHandlerImpl pay;
  NotifyCustomerHandlerImpl notify;
  GetOrderHandlerImpl get;
  ASSERT_TRUE(route(commands, place, orders));
  ASSERT_TRUE(route(commands, pay, orders));
  ASSERT_TRUE(route(commands, notify));
  ASSERT_TRUE(route(queries, get));

  auto placed = commands.dispatch(PlaceOrder{"o-1", "c-1", {}});
  ASSERT_FALSE(placed.has_value());
  EXPECT_EQ(placed.error().code(), Errc::kUnimplemented);
  EXPECT_EQ(placed.error().message(), "tests.orders.PlaceOrder is not implemented yet");
  EXPECT_EQ(commands.dispatch(PayOrder{"o-1"}).error().code(), Errc::kUnimplemented);
  EXPECT_EQ(commands.dispatch(NotifyCustomer{}).error().code(), Errc::kUnimplemented);
  EXPECT_EQ(queries.dispatch(GetOrder{"o-1"}).error().message(), "tests.orders.GetOrder is not implemented yet");
  EXPECT_EQ(*store->head_position(), 0u);  // a refusing handler stores nothing
}

}  // namespace
