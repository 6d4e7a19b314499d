// Stores by URL: which backend a URL names, what logs may show of it, and SQLite through it.
// (PostgreSQL URLs are opened in tests/postgres/cli_test.)

#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include <avx/events/open_store.h>

namespace {

using avx::events::open_store;
using avx::events::redacted_url;

TEST(OpenStore, PostgresUrlsAreRecognizedAndEverythingElseIsASqlitePath) {
  EXPECT_TRUE(avx::events::is_postgres_url("postgresql://db.internal/shop"));
  EXPECT_TRUE(avx::events::is_postgres_url("postgres:///shop?host=/run/postgresql"));
  EXPECT_FALSE(avx::events::is_postgres_url("shop.db"));
  EXPECT_FALSE(avx::events::is_postgres_url("host=/run/postgresql dbname=shop"));  // a conninfo, not a URL
  EXPECT_EQ(avx::events::sqlite_path("sqlite:/var/lib/app.db"), "/var/lib/app.db");
  EXPECT_EQ(avx::events::sqlite_path("app.db"), "app.db");
  EXPECT_EQ(avx::events::sqlite_path("postgresql://h/d"), "");
}

TEST(OpenStore, PasswordsNeverReachTheLogs) {
  EXPECT_EQ(redacted_url("postgresql://app:s3cret@db:5432/shop"), "postgresql://app:***@db:5432/shop");
  EXPECT_EQ(redacted_url("postgresql://app@db/shop"), "postgresql://app@db/shop");
  EXPECT_EQ(redacted_url("postgresql://db:5432/shop"), "postgresql://db:5432/shop");
  EXPECT_EQ(redacted_url("app.db"), "app.db");
  EXPECT_EQ(redacted_url("nats://svc:pw@broker:4222"), "nats://svc:***@broker:4222");
  EXPECT_EQ(redacted_url("sqlite:a:b@c.db"), "sqlite:a:b@c.db");
}

TEST(OpenStore, SqliteThroughAUrlAndReadOnlyCreatesNothing) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/by-url.db";
  auto missing = open_store("sqlite:" + path, {.read_only = true});
  ASSERT_FALSE(missing);
  EXPECT_FALSE(std::filesystem::exists(path));
  auto store = open_store("sqlite:" + path);
  ASSERT_TRUE(store) << store.error().message();
  avx::events::EventData e;
  e.event_id = avx::events::EventId::generate();
  e.type = "t.E";
  ASSERT_TRUE((*store)->append("s", avx::events::ExpectedVersion::any(), {&e, 1}));
  auto reader = open_store(path, {.read_only = true});
  ASSERT_TRUE(reader) << reader.error().message();
  EXPECT_EQ(*(*reader)->head_position(), 1u);
  EXPECT_FALSE((*reader)->save_checkpoint("x", 1));
  EXPECT_TRUE(avx::events::open_dead_letters(path));
}

}  // namespace
