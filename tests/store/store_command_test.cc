// avx-events store on a store whose text columns hold hostile bytes (written by another program,
// or before stores refused them): JSON lines stay valid JSON, text output shows control bytes
// escaped, and nothing crashes.

#include "tools/cli/store_command.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <avx/events/sqlite.h>
#include <avx/events/store.h>

namespace {

using namespace std::string_literals;

TEST(StoreCommand, HostileTextColumnsPrintAsValidJsonAndEscapedText) {
  std::string db = std::string(std::getenv("TEST_TMPDIR")) + "/hostile.db";
  {
    auto store = avx::events::open_sqlite_store(db);
    ASSERT_TRUE(store.has_value());
    avx::events::EventData e;
    e.event_id = avx::events::EventId::generate();
    e.type = "t";
    e.payload = "not capnp";
    ASSERT_TRUE((*store)->append("s", avx::events::ExpectedVersion::any(), {&e, 1}).has_value());
  }
  {  // what the store itself refuses to write, written behind its back
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    SQLite::Statement spoil(raw, "UPDATE events SET type = ?, correlation_id = ?, causation_id = ?");
    spoil.bind(1, "evil\x1b[31m\xff"s);
    spoil.bind(2, std::string("\xff\xfe\x00\x01", 4));
    spoil.bind(3, "\xc0\xaf"s);
    ASSERT_EQ(spoil.exec(), 1);
  }
  avx::tools::StoreOptions o;
  o.action = "read";
  o.db = db;
  o.json = true;
  std::ostringstream out, err;
  ASSERT_EQ(avx::tools::run_store(o, out, err), 0) << err.str();
  auto parsed = nlohmann::json::parse(out.str());  // throws (fails the test) on invalid JSON
  EXPECT_EQ(parsed["correlation_id"], "\xef\xbf\xbd\xef\xbf\xbd\x00\x01"s);  // each bad byte: U+FFFD
  EXPECT_EQ(parsed["timestamp"].get<std::string>().back(), 'Z');

  o.json = false;
  std::ostringstream text;
  ASSERT_EQ(avx::tools::run_store(o, text, err), 0);
  EXPECT_EQ(text.str().find('\x1b'), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("evil\\x1b[31m\\xff"), std::string::npos) << text.str();
}

std::set<std::string> files_in(const std::filesystem::path& dir) {
  std::set<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) out.insert(entry.path().filename().string());
  return out;
}

int run(const std::string& action, const std::string& db, std::string* err_text = nullptr) {
  avx::tools::StoreOptions o;
  o.action = action;
  o.db = db;
  std::ostringstream out, err;
  int status = avx::tools::run_store(o, out, err);
  if (err_text) *err_text = err.str();
  return status;
}

// Looking never writes: no table, no -wal or -shm file, no new store at a mistyped path.
TEST(StoreCommand, ReadOnlyCommandsCreateNothing) {
  auto dir = std::filesystem::path(std::getenv("TEST_TMPDIR")) / "read_only";
  std::filesystem::create_directories(dir);
  std::string db = (dir / "app.db").string();
  {
    auto store = avx::events::open_sqlite_store(db);
    ASSERT_TRUE(store.has_value());
    avx::events::EventData e;
    e.event_id = avx::events::EventId::generate();
    e.type = "test.E";
    ASSERT_TRUE((*store)->append("s", avx::events::ExpectedVersion::any(), {&e, 1}).has_value());
  }  // closed: SQLite removed its -wal and -shm files
  auto before = files_in(dir);
  ASSERT_EQ(before, std::set<std::string>{"app.db"});
  for (const char* action : {"stats", "streams", "read"}) EXPECT_EQ(run(action, db), 0) << action;
  EXPECT_EQ(files_in(dir), before);

  std::string err;
  EXPECT_EQ(run("stats", (dir / "mistyped.db").string(), &err), 2);
  EXPECT_NE(err.find("no such event store"), std::string::npos) << err;
  std::ofstream(dir / "empty.db").close();
  EXPECT_EQ(run("stats", (dir / "empty.db").string(), &err), 2);
  EXPECT_NE(err.find("empty"), std::string::npos) << err;
  std::ofstream(dir / "text.db") << "not a database at all, just some text that is long enough";
  EXPECT_EQ(run("read", (dir / "text.db").string(), &err), 2);
  EXPECT_EQ(files_in(dir), (std::set<std::string>{"app.db", "empty.db", "text.db"}));
  EXPECT_EQ(std::filesystem::file_size(dir / "empty.db"), 0u);
}

TEST(StoreCommand, AReadOnlyStoreRefusesWrites) {
  std::string db = std::string(std::getenv("TEST_TMPDIR")) + "/refuses.db";
  ASSERT_TRUE(avx::events::open_sqlite_store(db).has_value());
  auto store = avx::events::open_sqlite_store_read_only(db);
  ASSERT_TRUE(store.has_value()) << store.error().message();
  avx::events::EventData e;
  e.event_id = avx::events::EventId::generate();
  e.type = "test.E";
  auto appended = (*store)->append("s", avx::events::ExpectedVersion::any(), {&e, 1});
  ASSERT_FALSE(appended.has_value());
  EXPECT_EQ(appended.error().code(), avx::events::Errc::kFailedPrecondition);
  auto saved = (*store)->save_checkpoint("relay", 3);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().code(), avx::events::Errc::kFailedPrecondition);
}

TEST(StoreCommand, CheckpointsSurviveReopeningAndReadOnlyReadsThem) {
  std::string db = std::string(std::getenv("TEST_TMPDIR")) + "/checkpoints.db";
  {
    auto store = avx::events::open_sqlite_store(db);
    ASSERT_TRUE(store.has_value());
    ASSERT_TRUE((*store)->save_checkpoint("relay", 99));
  }
  auto reopened = avx::events::open_sqlite_store_read_only(db);
  ASSERT_TRUE(reopened.has_value()) << reopened.error().message();
  EXPECT_EQ(*(*reopened)->load_checkpoint("relay"), 99u);
  EXPECT_EQ(*(*reopened)->load_checkpoint("never"), 0u);
}

}  // namespace
