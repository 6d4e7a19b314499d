// The EventStore conformance suite on PostgreSQL: one server for the binary (started on first
// use, stopped at exit), and a schema of its own per test, so each starts empty.

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include <avx/events/postgres.h>

#include "tests/store/conformance_suite.h"
#include "tests/postgres/fresh_schema.h"
#include "tools/dev/postgres_server.h"

namespace {

using avx::testing::Backend;
using avx::testing::Conformance;

avx::dev::PostgresServer& server() { return avx::testing::shared_postgres(); }

// docs/postgres.md's snippet, and what opening says when there is no server.
TEST(PostgresStore, OpensOnAConninfoAndSaysWhyWhenItCannot) {
  const std::string conninfo = server().conninfo();
  auto store = avx::events::open_postgres_store(conninfo);  // e.g. "host=/run/postgresql dbname=shop"
  ASSERT_TRUE(store) << store.error().message();
  auto nowhere = avx::events::open_postgres_store("host=" + server().dir() + "/nowhere dbname=shop");
  ASSERT_FALSE(nowhere);
  EXPECT_EQ(nowhere.error().code(), avx::events::Errc::kUnavailable);
  EXPECT_NE(nowhere.error().message().find("cannot connect to PostgreSQL"), std::string::npos) << nowhere.error().message();
}

INSTANTIATE_TEST_SUITE_P(Backends, Conformance, ::testing::Values(Backend{"postgres", avx::testing::fresh_postgres_store}),
                         avx::testing::name_of);

}  // namespace
