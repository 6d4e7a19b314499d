// The EventStore conformance suite on PostgreSQL: one server for the binary (started on first
// use, stopped at exit), and a schema of its own per test, so each starts empty.

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include <avx/events/postgres.h>

#include "tests/store/conformance_suite.h"
#include "tests/postgres/fresh_schema.h"
#include "tests/support/deadline.h"
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

// Pages of $all are read ahead; a page read ahead before later commits must not hide them.
TEST(PostgresStore, PagesReadAheadNeverHideLaterCommits) {
  auto store = avx::testing::fresh_postgres_store();
  ASSERT_NE(store, nullptr);
  auto append = [&](int n) {
    for (int i = 0; i < n; ++i) {
      avx::events::EventData e;
      e.event_id = avx::events::EventId::generate();
      e.type = "t.E";
      ASSERT_TRUE(store->append("s-" + std::to_string(i % 3), avx::events::ExpectedVersion::any(), {&e, 1}));
    }
  };
  append(10);
  avx::events::EventPage page;
  ASSERT_TRUE(store->read_all_into(1, 5, page));  // full: 6..10 is asked for now
  ASSERT_EQ(page.size(), 5u);
  ASSERT_TRUE(store->read_all_into(6, 5, page));  // full again: 11.. is asked for, and is empty now
  ASSERT_EQ(page.size(), 5u);
  EXPECT_EQ(page.back().position, 10u);
  append(3);
  ASSERT_TRUE(store->read_all_into(11, 5, page));
  ASSERT_EQ(page.size(), 3u) << "an answer from before the commits was used";
  EXPECT_EQ(page[0].position, 11u);
  ASSERT_TRUE(store->read_all_into(1, 13, page));  // a reader elsewhere in the log
  EXPECT_EQ(page.size(), 13u);
  ASSERT_TRUE(store->read_all_into(3, 2, page));
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].position, 3u);
}

// With one read connection nothing is read ahead: a reader that stops after a full page must not
// keep the only connection from everyone else.
TEST(PostgresStore, OneReadConnectionIsNeverHeldByAPageReadAhead) {
  auto store = avx::events::open_postgres_store(avx::testing::fresh_schema_conninfo(), {.pool_size = 1});
  ASSERT_TRUE(store) << store.error().message();
  std::vector<avx::events::EventData> events(4);
  for (auto& e : events) {
    e.event_id = avx::events::EventId::generate();
    e.type = "t.E";
  }
  ASSERT_TRUE((*store)->append("s", avx::events::ExpectedVersion::any(), events));
  avx::testing::within(std::chrono::seconds(20), "a read after a full page", [&] {
    avx::events::EventPage page;
    ASSERT_TRUE((*store)->read_all_into(1, 2, page));
    ASSERT_EQ(page.size(), 2u);
    EXPECT_EQ(*(*store)->stream_version("s"), 4u);
  });
}

// A store writes known streams in one round trip on what its own commits taught it; another
// store's appends make that knowledge wrong, and must never make an append wrong.
TEST(PostgresStore, AnotherStoresAppendsNeverFoolWhatAStoreKnows) {
  const std::string conninfo = avx::testing::fresh_schema_conninfo();
  auto a = avx::events::open_postgres_store(conninfo);
  auto b = avx::events::open_postgres_store(conninfo);
  ASSERT_TRUE(a && b);
  auto event = [] {
    avx::events::EventData e;
    e.event_id = avx::events::EventId::generate();
    e.type = "t.E";
    return e;
  };
  using avx::events::ExpectedVersion;
  auto e1 = event(), e2 = event(), e3 = event(), e4 = event(), e5 = event(), e6 = event();
  ASSERT_TRUE((*a)->append("s", ExpectedVersion::no_stream(), {&e1, 1}));  // a knows s at 1, head 1
  ASSERT_TRUE((*b)->append("s", ExpectedVersion::exact(1), {&e2, 1}));     // s at 2, head 2
  ASSERT_TRUE((*b)->append("t", ExpectedVersion::any(), {&e3, 1}));        // head 3
  // a believes s is at 1: the right expectation must pass, the stale one fail with the truth.
  auto right = (*a)->append("s", ExpectedVersion::exact(2), {&e4, 1});
  ASSERT_TRUE(right) << right.error().message();
  EXPECT_EQ(right->version, 3u);
  EXPECT_EQ(right->last_position, 4u);
  ASSERT_TRUE((*b)->append("s", ExpectedVersion::any(), {&e5, 1}));  // s at 4, head 5
  auto stale = (*a)->append("s", ExpectedVersion::exact(3), {&e6, 1});
  ASSERT_FALSE(stale);
  EXPECT_EQ(avx::events::actual_version(stale.error()), 4u);
  auto any = (*a)->append("s", ExpectedVersion::any(), {&e6, 1});
  ASSERT_TRUE(any) << any.error().message();
  EXPECT_EQ(any->version, 5u);
  EXPECT_EQ(any->last_position, 6u);
  auto again = (*a)->append("s", ExpectedVersion::any(), {&e6, 1});  // a retry, recognized
  ASSERT_TRUE(again);
  EXPECT_EQ(again->last_position, 6u);
  auto all = (*b)->read_all(1, 100);
  ASSERT_EQ(all->size(), 6u);
  for (std::size_t i = 0; i < all->size(); ++i) EXPECT_EQ((*all)[i].position, i + 1);
}

TEST(PostgresStore, AStoreOfAnotherFormatIsRefused) {
  const std::string conninfo = avx::testing::fresh_schema_conninfo();
  ASSERT_TRUE(avx::events::open_postgres_store(conninfo));
  PGconn* admin = PQconnectdb(conninfo.c_str());
  PQclear(PQexec(admin, "UPDATE avx_meta SET value = 3 WHERE key = 'format_version'"));
  PQfinish(admin);
  auto newer = avx::events::open_postgres_store(conninfo);
  ASSERT_FALSE(newer);
  EXPECT_EQ(newer.error().code(), avx::events::Errc::kFailedPrecondition);
  EXPECT_NE(newer.error().message().find("has format 3; this build reads format 2: upgrade avx-events"),
            std::string::npos) << newer.error().message();
  EXPECT_FALSE(avx::events::open_postgres_dead_letters(conninfo));
}

// A store written before origins (format 1): a reader is told, the first writer upgrades it in
// place, and its events read with an empty origin beside new events that have one.
TEST(PostgresStore, AFormatOneStoreIsUpgradedByTheFirstWriter) {
  const std::string conninfo = avx::testing::fresh_schema_conninfo();
  avx::events::EventData old_event;
  old_event.event_id = avx::events::EventId::generate();
  old_event.type = "test.Old";
  {
    auto store = avx::events::open_postgres_store(conninfo);
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->append("s", avx::events::ExpectedVersion::no_stream(), {&old_event, 1}));
  }
  PGconn* admin = PQconnectdb(conninfo.c_str());
  for (const char* sql : {"ALTER TABLE avx_events DROP COLUMN user_id, DROP COLUMN source, DROP COLUMN headers",
                          "ALTER TABLE avx_dead_letters DROP COLUMN user_id, DROP COLUMN source, DROP COLUMN headers",
                          "UPDATE avx_meta SET value = 1 WHERE key = 'format_version'"}) {
    PGresult* r = PQexec(admin, sql);
    EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << sql << ": " << PQerrorMessage(admin);
    PQclear(r);
  }
  PQfinish(admin);
  avx::events::PostgresStoreOptions read_only;
  read_only.read_only = true;
  auto reader = avx::events::open_postgres_store(conninfo, read_only);
  ASSERT_FALSE(reader);
  EXPECT_NE(reader.error().message().find("has format 1; this build reads format 2"), std::string::npos)
      << reader.error().message();

  auto writer = avx::events::open_postgres_store(conninfo);
  ASSERT_TRUE(writer) << writer.error().message();
  avx::events::EventData new_event;
  new_event.event_id = avx::events::EventId::generate();
  new_event.type = "test.New";
  new_event.origin = {"user-7", "svc", {{"tenant", "acme"}}};
  ASSERT_TRUE((*writer)->append("s", avx::events::ExpectedVersion::exact(1), {&new_event, 1}));
  auto read = (*writer)->read_stream("s", 1, 10);
  ASSERT_TRUE(read) << read.error().message();
  ASSERT_EQ(read->size(), 2u);
  EXPECT_TRUE((*read)[0].origin.empty());
  EXPECT_EQ((*read)[1].origin, new_event.origin);
  EXPECT_TRUE(avx::events::open_postgres_store(conninfo, read_only));
}

INSTANTIATE_TEST_SUITE_P(Backends, Conformance, ::testing::Values(Backend{"postgres", avx::testing::fresh_postgres_store}),
                         avx::testing::name_of);

}  // namespace
