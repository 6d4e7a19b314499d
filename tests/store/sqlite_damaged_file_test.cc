// A store file whose table pages were damaged on disk (a bad sector, a hostile copy): every read
// of events is an error that says the read failed, with SQLite's reason; never a crash, a hang or
// a page of events nobody wrote.

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <avx/events/sqlite.h>
#include <avx/events/store.h>

namespace {

using avx::events::EventData;
using avx::events::EventPage;
using avx::events::ExpectedVersion;

constexpr std::streamoff kPageSize = 4096;  // SQLite's default, which the store keeps

std::string temp_path(const std::string& name) { return std::string(std::getenv("TEST_TMPDIR")) + "/" + name; }

// A store of 2,000 events in 4 streams, closed (its WAL folded into the file).
void write_store(const std::string& path) {
  auto store = avx::events::open_sqlite_store(path);
  ASSERT_TRUE(store.has_value()) << store.error().message();
  for (int s = 0; s < 4; ++s) {
    std::vector<EventData> batch(500);
    for (auto& e : batch) {
      e.event_id = avx::events::EventId::generate();
      e.type = "shop.orders.OrderPlaced";
      e.payload = std::string(100, 'p');
    }
    ASSERT_TRUE((*store)->append("order-" + std::to_string(s), ExpectedVersion::any(), batch).has_value());
  }
}

// Overwrites the b-tree page type (each page's first byte; page 1 starts with the file header) of
// every page after the first, which holds the schema: the file still opens as a store.
void damage_table_pages(const std::string& path) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekg(0, std::ios::end);
  const std::streamoff pages = file.tellg() / kPageSize;
  ASSERT_GT(pages, 10);
  for (std::streamoff page = 1; page < pages; ++page) {
    file.seekp(page * kPageSize);
    file.put('\x7f');
  }
}

TEST(SqliteDamagedFile, EveryReadOfEventsIsAnErrorThatSaysWhy) {
  const std::string path = temp_path("damaged.db");
  write_store(path);
  {
    auto intact = avx::events::open_sqlite_store_read_only(path);
    ASSERT_TRUE(intact.has_value()) << intact.error().message();
    auto all = (*intact)->read_all(1, 10000);
    ASSERT_TRUE(all.has_value()) << all.error().message();
    ASSERT_EQ(all->size(), 2000u);
  }
  damage_table_pages(path);
  auto store = avx::events::open_sqlite_store_read_only(path);
  ASSERT_TRUE(store.has_value()) << store.error().message();

  EventPage page;
  auto all = (*store)->read_all_into(1, 10000, page);
  ASSERT_FALSE(all.has_value());
  EXPECT_NE(all.error().message().find("event store read failed: "), std::string::npos) << all.error().message();
  EXPECT_NE(all.error().message().find("malformed"), std::string::npos) << all.error().message();
  EXPECT_EQ(page.size(), 0u);  // nothing of a failed read is handed out

  for (auto direction : {avx::events::Direction::kForward, avx::events::Direction::kBackward}) {
    auto stream = (*store)->read_stream_into("order-1", 0, 100, direction, page);
    ASSERT_FALSE(stream.has_value());
    EXPECT_NE(stream.error().message().find("event store read failed: "), std::string::npos);
    EXPECT_EQ(page.size(), 0u);
  }
}

}  // namespace
