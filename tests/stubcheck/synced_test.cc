// What `stubs --sync` made of the handler fixtures for schema v3 (synced/, checked byte for byte
// by stubsync_test.sh) compiles against v3, keeps every handler of the user working, and the added
// one answers kUnimplemented.

#include <gtest/gtest.h>

#include <avx/events.h>

#include "other/ping.h"
#include "tests/stubcheck/account.h"
#include "synced/bank.stubs.h"

namespace {

using namespace tests::bank;

TEST(Synced, OldHandlersWorkAndTheAddedOneIsAStub) {
  auto store = avx::events::make_memory_store();
  avx::events::Repository<Account> accounts(*store);
  avx::events::CommandBus commands;
  AccountOpener open("main");
  DepositHandlerImpl deposit;
  pings::Pinger ping;
  CloseHandlerImpl close;
  ASSERT_TRUE(route(commands, open, accounts));
  ASSERT_TRUE(route(commands, deposit, accounts));
  ASSERT_TRUE(route(commands, ping));
  ASSERT_TRUE(route(commands, close));

  ASSERT_TRUE(commands.dispatch(Open{"a-1", "ada"}).has_value());
  EXPECT_EQ(*commands.dispatch(Deposit{"a-1", 30}), 30);
  auto closed = commands.dispatch(Close{"a-1"});
  ASSERT_FALSE(closed.has_value());
  EXPECT_EQ(closed.error().code(), avx::events::Errc::kUnimplemented);
  EXPECT_EQ(closed.error().message(), "tests.bank.Close is not implemented yet");
}

}  // namespace
