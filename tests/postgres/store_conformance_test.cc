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

// What the CLI's looking commands open: sessions that cannot write, and that create nothing.
TEST(PostgresStore, AReadOnlyStoreReadsRefusesWritesAndCreatesNothing) {
  const std::string conninfo = avx::testing::fresh_schema_conninfo();
  auto nothing = avx::events::open_postgres_store(conninfo, {.read_only = true});
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().code(), avx::events::Errc::kNotFound) << nothing.error().message();
  EXPECT_NE(nothing.error().message().find("no avx-events store in this database"), std::string::npos);

  auto writer = avx::events::open_postgres_store(conninfo);
  ASSERT_TRUE(writer) << writer.error().message();
  avx::events::EventData e;
  e.event_id = avx::events::EventId::generate();
  e.type = "t.E";
  ASSERT_TRUE((*writer)->append("s", avx::events::ExpectedVersion::any(), {&e, 1}));

  auto reader = avx::events::open_postgres_store(conninfo, {.read_only = true});
  ASSERT_TRUE(reader) << reader.error().message();
  EXPECT_EQ((*reader)->read_all(1, 10)->size(), 1u);
  e.event_id = avx::events::EventId::generate();
  auto refused = (*reader)->append("s", avx::events::ExpectedVersion::any(), {&e, 1});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), avx::events::Errc::kFailedPrecondition) << refused.error().message();
  EXPECT_NE(refused.error().message().find("opened read-only"), std::string::npos);
  EXPECT_FALSE((*reader)->save_checkpoint("p", 1));
  EXPECT_EQ(*(*writer)->head_position(), 1u);
  auto letters = avx::events::open_postgres_dead_letters(conninfo, /*read_only=*/true);
  ASSERT_TRUE(letters) << letters.error().message();
  auto added = (*letters)->add(avx::events::DeadLetter{});
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code(), avx::events::Errc::kFailedPrecondition) << added.error().message();
}

TEST(PostgresStore, AStoreOfAnotherFormatIsRefused) {
  const std::string conninfo = avx::testing::fresh_schema_conninfo();
  ASSERT_TRUE(avx::events::open_postgres_store(conninfo));
  PGconn* admin = PQconnectdb(conninfo.c_str());
  PQclear(PQexec(admin, "UPDATE avx_meta SET value = 2 WHERE key = 'format_version'"));
  PQfinish(admin);
  auto newer = avx::events::open_postgres_store(conninfo);
  ASSERT_FALSE(newer);
  EXPECT_EQ(newer.error().code(), avx::events::Errc::kFailedPrecondition);
  EXPECT_NE(newer.error().message().find("has format 2; this build reads format 1: upgrade avx-events"),
            std::string::npos) << newer.error().message();
  EXPECT_FALSE(avx::events::open_postgres_dead_letters(conninfo));
}

INSTANTIATE_TEST_SUITE_P(Backends, Conformance, ::testing::Values(Backend{"postgres", avx::testing::fresh_postgres_store}),
                         avx::testing::name_of);

}  // namespace
