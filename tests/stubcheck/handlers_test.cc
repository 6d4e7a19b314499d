// The handler fixtures are real code: against version 1 of the schema they compile, route and
// answer (so `stubs --check` calling them in sync means something).

#include <gtest/gtest.h>

#include <avx/events.h>

#include "handlers/bank.stubs.h"
#include "other/ping.h"
#include "tests/stubcheck/account.h"

namespace {

using namespace tests::bank;

TEST(Handlers, RouteAndAnswer) {
  auto store = avx::events::make_memory_store();
  avx::events::Repository<Account> accounts(*store);
  avx::events::CommandBus commands;
  avx::events::QueryBus queries;
  AccountOpener open("main");
  DepositHandlerImpl deposit;
  pings::Pinger ping;
  BalanceReader balance;
  ASSERT_TRUE(route(commands, open, accounts));
  ASSERT_TRUE(route(commands, deposit, accounts));
  ASSERT_TRUE(route(commands, ping));
  ASSERT_TRUE(route(queries, balance));

  ASSERT_TRUE(commands.dispatch(Open{"a-1", "ada"}).has_value());
  EXPECT_EQ(commands.dispatch(Open{"a-2", ""}).error().code(), avx::events::Errc::kInvalidArgument);
  auto cents = commands.dispatch(Deposit{"a-1", 250});
  ASSERT_TRUE(cents.has_value()) << cents.error().message();
  EXPECT_EQ(*cents, 250);
  ASSERT_TRUE(commands.dispatch(Ping{"hi"}).has_value());
  EXPECT_EQ(ping.count, 1);
  balance.cents_ = 7;
  EXPECT_EQ(*queries.dispatch(Balance{"a-1"}), 7);
}

}  // namespace
