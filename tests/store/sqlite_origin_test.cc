// The origin (user, source, headers) in an SQLite store file: a format 1 file (before origins) is
// upgraded in place by the first writer and named to a reader; a headers column that is not what a
// writer stores (a corrupted or hostile file) is an error on every read path, never a crash or
// headers nobody wrote; `avx-events store read` shows the origin.

#include <cstdlib>
#include <sstream>
#include <string>

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <avx/events/sqlite.h>
#include <avx/events/store.h>

#include "tools/cli/store_command.h"

namespace {

using avx::events::EventData;
using avx::events::EventId;
using avx::events::ExpectedVersion;

std::string temp_path(const std::string& name) { return std::string(std::getenv("TEST_TMPDIR")) + "/" + name; }

EventData event_with_origin() {
  EventData e;
  e.event_id = EventId::generate();
  e.type = "shop.orders.OrderPlaced";
  e.payload = "p";
  e.origin = {"user-7", "orders-service", {{"tenant", "acme"}, {"trace.id", "abc"}}};
  return e;
}

int run_store(const std::string& action, const std::string& db, bool json, std::string& out, std::string& err) {
  avx::tools::StoreOptions o;
  o.action = action;
  o.db = db;
  o.json = json;
  std::ostringstream out_stream, err_stream;
  int status = avx::tools::run_store(o, out_stream, err_stream);
  out = out_stream.str();
  err = err_stream.str();
  return status;
}

TEST(SqliteOrigin, StoreReadShowsTheOriginInJsonAndText) {
  const std::string db = temp_path("shown.db");
  {
    auto store = avx::events::open_sqlite_store(db);
    ASSERT_TRUE(store.has_value());
    EventData e = event_with_origin();
    ASSERT_TRUE((*store)->append("order-1", ExpectedVersion::any(), {&e, 1}).has_value());
  }
  std::string out, err;
  ASSERT_EQ(run_store("read", db, true, out, err), 0) << err;
  auto line = nlohmann::json::parse(out);
  EXPECT_EQ(line["user_id"], "user-7");
  EXPECT_EQ(line["source"], "orders-service");
  EXPECT_EQ(line["headers"], (nlohmann::json{{"tenant", "acme"}, {"trace.id", "abc"}}));
  ASSERT_EQ(run_store("read", db, false, out, err), 0) << err;
  EXPECT_NE(out.find("by user-7 from orders-service [tenant=acme, trace.id=abc]"), std::string::npos) << out;
}

// The tables as format 1 made them, with one event.
void write_format_one(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec(R"sql(
    CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, version INTEGER NOT NULL,
      event_id BLOB NOT NULL UNIQUE, type TEXT NOT NULL, schema_version INTEGER NOT NULL,
      timestamp INTEGER NOT NULL, correlation_id TEXT NOT NULL, causation_id TEXT NOT NULL,
      payload BLOB NOT NULL, UNIQUE (stream, version));
    INSERT INTO events VALUES (1, 'order-1', 1, x'0123456789abcdef0123456789abcdef', 'shop.orders.OrderPlaced', 1,
      1700000000000000000, 'corr', 'cause', x'00');
    PRAGMA application_id=1096177733;
    PRAGMA user_version=1;
  )sql");
}

TEST(SqliteOrigin, AFormatOneFileIsNamedToAReaderAndUpgradedByAWriter) {
  const std::string db = temp_path("format1.db");
  write_format_one(db);
  std::string out, err;
  EXPECT_EQ(run_store("read", db, true, out, err), 2);
  EXPECT_NE(err.find("format 1"), std::string::npos) << err;
  EXPECT_NE(err.find("upgrades it"), std::string::npos) << err;

  auto store = avx::events::open_sqlite_store(db);
  ASSERT_TRUE(store.has_value()) << store.error().message();
  auto old = (*store)->read_stream("order-1", 1, 10);
  ASSERT_TRUE(old.has_value()) << old.error().message();
  ASSERT_EQ(old->size(), 1u);
  EXPECT_EQ((*old)[0].correlation_id, "corr");
  EXPECT_TRUE((*old)[0].origin.empty());
  EventData e = event_with_origin();
  ASSERT_TRUE((*store)->append("order-1", ExpectedVersion::exact(1), {&e, 1}).has_value());
  EXPECT_EQ((*(*store)->read_stream("order-1", 2, 1))[0].origin, e.origin);
  store->reset();
  auto again = avx::events::open_sqlite_store(db);  // an upgraded file opens as any other
  ASSERT_TRUE(again.has_value()) << again.error().message();
  EXPECT_EQ(*(*again)->head_position(), 2u);
}

TEST(SqliteOrigin, AHeadersColumnNoWriterMadeIsAnErrorOnEveryReadPath) {
  const std::string db = temp_path("hostile_headers.db");
  {
    auto store = avx::events::open_sqlite_store(db);
    ASSERT_TRUE(store.has_value());
    EventData e = event_with_origin();
    ASSERT_TRUE((*store)->append("order-1", ExpectedVersion::any(), {&e, 1}).has_value());
  }
  for (std::string hostile : {std::string("not json"), std::string("[]"), std::string("{\"k\":1}"),
                              std::string("{\"bad key\":\"v\"}"), std::string("{\"k\":\"a\\u0000b\"}"),
                              std::string("\xff\xfe"), std::string("{\"k\":\"v\""), std::string()}) {
    {
      SQLite::Database raw(db, SQLite::OPEN_READWRITE);
      SQLite::Statement update(raw, "UPDATE events SET headers = ?");
      update.bind(1, hostile);
      ASSERT_EQ(update.exec(), 1);
    }
    auto store = avx::events::open_sqlite_store(db);
    ASSERT_TRUE(store.has_value());
    auto by_stream = (*store)->read_stream("order-1", 1, 10);
    ASSERT_FALSE(by_stream.has_value()) << hostile;
    EXPECT_EQ(by_stream.error().code(), avx::events::Errc::kInvalidArgument);
    EXPECT_NE(by_stream.error().message().find("position 1 has unreadable headers"), std::string::npos)
        << by_stream.error().message();
    EXPECT_FALSE((*store)->read_all(1, 10).has_value()) << hostile;
    store->reset();
    std::string out, err;
    EXPECT_NE(run_store("read", db, true, out, err), 0) << hostile;
    EXPECT_NE(err.find("unreadable headers"), std::string::npos) << err;
  }
}

}  // namespace
