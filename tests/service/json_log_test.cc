// JSON log lines: every line parses as JSON whatever the message holds, with the guide's fields.

#include "avx/events/json_log.h"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>

#include "avx/events/service_config.h"

namespace avx::events::service {
namespace {

using namespace std::string_literals;

std::vector<nlohmann::json> lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));  // throws if not JSON
  return out;
}

bool rfc3339_utc_millis(const std::string& s) {
  // 2026-11-27T09:30:00.123Z
  const std::string shape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (s.size() != shape.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (shape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(s[i])) : s[i] != shape[i]) return false;
  }
  return true;
}

struct Logged {
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> logger;
  explicit Logged(std::string_view level = "info") {
    ServiceConfig config;
    config.service = "orders";
    config.stack = "shop";
    config.env = "prod";
    auto made = make_json_logger("http", LogContext::from(config),
                                 std::make_shared<spdlog::sinks::ostream_sink_mt>(out), level);
    EXPECT_TRUE(made) << made.error().message();
    logger = *made;
  }
};

TEST(JsonLog, EveryLineIsAnObjectWithTheGuidesFieldsInOrder) {
  Logged log;
  log.logger->info("listening on {}", "127.0.0.1:8080");
  auto parsed = lines(log.out.str());
  ASSERT_EQ(parsed.size(), 1u);
  const auto& line = parsed[0];
  std::vector<std::string> keys;
  for (auto it = line.begin(); it != line.end(); ++it) keys.push_back(it.key());
  // nlohmann::json sorts keys; the order on the wire is checked below on the raw text.
  EXPECT_EQ(line["message"], "listening on 127.0.0.1:8080");
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["target"], "http");
  EXPECT_EQ(line["service"], "orders");
  EXPECT_EQ(line["stack"], "shop");
  EXPECT_EQ(line["layer"], "app");
  EXPECT_EQ(line["env"], "prod");
  EXPECT_EQ(line["cluster"], "local");
  EXPECT_EQ(line["mesh"], "none");
  EXPECT_TRUE(rfc3339_utc_millis(line["timestamp"])) << line["timestamp"];
  EXPECT_EQ(keys.size(), 10u);
  EXPECT_EQ(log.out.str().rfind("{\"timestamp\":", 0), 0u);
  EXPECT_NE(log.out.str().find("\"level\":\"info\",\"message\":"), std::string::npos);
}

TEST(JsonLog, HostileMessagesStillParse) {
  Logged log;
  log.logger->warn("quote \" backslash \\ newline \n tab \t bell \x07 brace {{}}");
  log.logger->error("not utf-8: \xff\xfe and a nul \0 inside"s);
  log.logger->info("{\"looks\": \"like json\"}");
  auto parsed = lines(log.out.str());
  ASSERT_EQ(parsed.size(), 3u);
  EXPECT_EQ(parsed[0]["message"], "quote \" backslash \\ newline \n tab \t bell \x07 brace {{}}");  // no arguments: not a format
  EXPECT_EQ(parsed[0]["level"], "warning");
  EXPECT_EQ(parsed[1]["message"], "not utf-8: \xef\xbf\xbd\xef\xbf\xbd and a nul \0 inside"s);
  EXPECT_EQ(parsed[2]["message"], "{\"looks\": \"like json\"}");
}

TEST(JsonLog, TheLevelFromConfigFilters) {
  Logged log("warn");
  log.logger->info("hidden");
  log.logger->warn("shown");
  auto parsed = lines(log.out.str());
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0]["message"], "shown");
}

TEST(JsonLog, AnUnknownLevelIsAnError) {
  std::ostringstream out;
  auto made = make_json_logger("x", {}, std::make_shared<spdlog::sinks::ostream_sink_mt>(out), "loud");
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().message(), "unknown log level 'loud'");
}

}  // namespace
}  // namespace avx::events::service
