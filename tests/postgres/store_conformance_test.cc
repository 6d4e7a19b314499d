// The EventStore conformance suite on PostgreSQL: one server for the binary (started on first
// use, stopped at exit), and a schema of its own per test, so each starts empty.

#include <atomic>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <postgresql/libpq-fe.h>

#include <avx/events/postgres.h>

#include "tests/store/conformance_suite.h"
#include "tools/dev/postgres_server.h"

namespace {

using avx::testing::Backend;
using avx::testing::Conformance;

avx::dev::PostgresServer& server() {
  static avx::dev::PostgresServer s;
  return s;
}

// A new schema, and a store whose tables live in it (search_path).
std::unique_ptr<avx::events::EventStore> fresh_postgres_store() {
  static std::atomic<int> next{0};
  const std::string schema = "conformance_" + std::to_string(++next);
  PGconn* admin = PQconnectdb(server().conninfo().c_str());
  PGresult* made = PQexec(admin, ("CREATE SCHEMA " + schema).c_str());
  const bool ok = PQresultStatus(made) == PGRES_COMMAND_OK;
  if (!ok) ADD_FAILURE() << PQerrorMessage(admin);
  PQclear(made);
  PQfinish(admin);
  if (!ok) return nullptr;
  auto store = avx::events::open_postgres_store(server().conninfo() + " options='-csearch_path=" + schema + "'");
  if (!store) {
    ADD_FAILURE() << store.error().message();
    return nullptr;
  }
  return std::move(*store);
}

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

INSTANTIATE_TEST_SUITE_P(Backends, Conformance, ::testing::Values(Backend{"postgres", fresh_postgres_store}),
                         avx::testing::name_of);

}  // namespace
