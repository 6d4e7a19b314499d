// avx-events store on a store whose text columns hold hostile bytes: JSON lines stay valid JSON,
// text output shows control bytes escaped, and nothing crashes.

#include "tools/cli/store_command.h"

#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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
    e.type = "evil\x1b[31m\xff";
    e.correlation_id = std::string("\xff\xfe\x00\x01", 4);
    e.causation_id = "\xc0\xaf";
    e.payload = "not capnp";
    ASSERT_TRUE((*store)->append("s", avx::events::ExpectedVersion::any(), {&e, 1}).has_value());
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

}  // namespace
