// avx.toml and AVX variables: precedence (defaults < file < environment), where each value came
// from, and errors that name the key and its source.

#include "avx/events/service_config.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace avx::events::service {
namespace {

class Config : public ::testing::Test {
 protected:
  std::filesystem::path write(const std::string& text) {
    std::filesystem::path path = std::filesystem::path(::testing::TempDir()) / "avx.toml";
    std::ofstream(path) << text;
    return path;
  }
  std::string error_of(const std::string& text, std::vector<std::string> env = {}) {
    auto loaded = load_config(write(text), env);
    EXPECT_FALSE(loaded.has_value());
    return loaded ? "" : loaded.error().message();
  }
  std::string prefix() { return (std::filesystem::path(::testing::TempDir()) / "avx.toml").string(); }
};

TEST_F(Config, DefaultsWithoutFileOrVariables) {
  auto loaded = load_config(std::nullopt, {"PATH=/usr/bin", "AVXFOO=1", "AVX_OTHER=2"});
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->config.http_bind_addr, "127.0.0.1:8080");
  EXPECT_EQ(loaded->config.channel_size, 4096u);
  EXPECT_EQ(loaded->sources.at("http.bind_addr"), "default");
}

TEST_F(Config, TheEnvironmentOverridesTheFileWhichOverridesDefaults) {
  auto path = write(
      "stack = \"shop\"\n"
      "env = \"staging\"\n"
      "\n"
      "[http]\n"
      "bind_addr = \"0.0.0.0:9000\"\n"
      "[events]\n"
      "channel_size = 128\n"
      "max_subscribers = 16\n");
  auto loaded = load_config(path, {"AVX__ENV=prod", "AVX_EVENTS__CHANNEL_SIZE=256", "AVX_STORE_URL=/data/a.db"});
  ASSERT_TRUE(loaded) << loaded.error().message();
  const ServiceConfig& c = loaded->config;
  EXPECT_EQ(c.stack, "shop");
  EXPECT_EQ(c.env, "prod");
  EXPECT_EQ(c.http_bind_addr, "0.0.0.0:9000");
  EXPECT_EQ(c.channel_size, 256u);
  EXPECT_EQ(c.max_subscribers, 16u);
  EXPECT_EQ(c.store_url, "/data/a.db");
  EXPECT_EQ(loaded->sources.at("stack"), prefix() + ":1:9");
  EXPECT_EQ(loaded->sources.at("http.bind_addr"), prefix() + ":5:13");
  EXPECT_EQ(loaded->sources.at("env"), "AVX__ENV");
  EXPECT_EQ(loaded->sources.at("events.channel_size"), "AVX_EVENTS__CHANNEL_SIZE");
  EXPECT_EQ(loaded->sources.at("events.store_url"), "AVX_STORE_URL");
  EXPECT_EQ(loaded->sources.at("layer"), "default");
}

TEST_F(Config, UnknownKeysAndSectionsAreErrorsAtTheirPlace) {
  EXPECT_EQ(error_of("[http]\nbind_adr = \"x:1\"\n"),
            prefix() + ":2:12: unknown key 'http.bind_adr' (docs/production.md lists the keys)");
  EXPECT_EQ(error_of("colour = \"red\"\n"), prefix() + ":1:10: unknown key 'colour' (docs/production.md lists the keys)");
  EXPECT_EQ(error_of("[htp]\nbind_addr = \"x:1\"\n"), prefix() + ":1:1: unknown section 'htp'");
}

TEST_F(Config, BadValuesNameTheKeyAndWhy) {
  EXPECT_EQ(error_of("[events]\nchannel_size = \"big\"\n"), prefix() + ":2:16: events.channel_size: expected an integer");
  EXPECT_EQ(error_of("[events]\nchannel_size = 0\n"),
            prefix() + ":2:16: events.channel_size: expected an integer of at least 1, got 0");
  EXPECT_EQ(error_of("[http]\nbind_addr = \"localhost\"\n"),
            prefix() + ":2:13: http.bind_addr: expected host:port, e.g. 0.0.0.0:8080; got \"localhost\"");
  EXPECT_EQ(error_of("[http]\nbind_addr = \"h:70000\"\n"),
            prefix() + ":2:13: http.bind_addr: the port must be a number from 0 to 65535; got \"h:70000\"");
  EXPECT_EQ(error_of("[log]\nlevel = \"loud\"\n"),
            prefix() + ":2:9: log.level: expected one of trace, debug, info, warn, error, critical, off; got \"loud\"");
  EXPECT_EQ(error_of("stack = \"\"\n"), prefix() + ":1:9: stack: must not be empty");
  EXPECT_EQ(error_of("stack = true\n"), prefix() + ":1:9: stack: expected a string or an integer");
}

TEST_F(Config, SyntaxErrorsGiveLineAndColumn) {
  std::string message = error_of("stack = \"shop\"\n[http\n");
  EXPECT_EQ(message.rfind(prefix() + ":2:", 0), 0u) << message;
}

TEST_F(Config, AMissingFileIsAnError) {
  auto loaded = load_config(std::filesystem::path(::testing::TempDir()) / "absent.toml", {});
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message().find("absent.toml: cannot read the configuration file"), std::string::npos);
}

TEST_F(Config, BadVariablesAreNamed) {
  auto loaded = load_config(std::nullopt, {"AVX__HTTP__PORT=80", "AVX_EVENTS__CHANNEL_SIZE=12x",
                                           "AVX_STORE_URL=a.db", "AVX_EVENTS__STORE_URL=b.db", "AVX__LOG__LEVEL=noisy"});
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().message(),
            "AVX__HTTP__PORT: unknown variable (docs/production.md lists them)\n"
            "AVX_EVENTS__CHANNEL_SIZE: expected an integer, got \"12x\"\n"
            "AVX_EVENTS__STORE_URL and AVX_STORE_URL both set events.store_url; unset one\n"
            "AVX__LOG__LEVEL: expected one of trace, debug, info, warn, error, critical, off; got \"noisy\"");
}

TEST_F(Config, EveryProblemIsReportedAtOnce) {
  std::string message = error_of("a = 1\nb = 2\n", {"AVX__C=3"});
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 2) << message;
}

TEST_F(Config, PrintConfigShowsValuesAndSourcesAndHidesPasswords) {
  auto path = write("[http]\nbind_addr = \"0.0.0.0:9000\"\n");
  auto loaded = load_config(path, {"AVX_STORE_URL=postgresql://app:s3cret@db/shop", "AVX__STACK=sh\"op"});
  ASSERT_TRUE(loaded) << loaded.error().message();
  std::string text = print_config(*loaded);
  EXPECT_NE(text.find("stack = \"sh\\\"op\"  # AVX__STACK\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\n[http]\nbind_addr = \"0.0.0.0:9000\"  # " + prefix() + ":2:13\n"), std::string::npos) << text;
  EXPECT_NE(text.find("store_url = \"postgresql://app:***@db/shop\"  # AVX_STORE_URL\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("s3cret"), std::string::npos);
  EXPECT_NE(text.find("channel_size = 4096  # default\n"), std::string::npos) << text;
}

TEST_F(Config, PrintedConfigReadsBackAsTheSameConfig) {
  auto loaded = load_config(std::nullopt, {"AVX__STACK=a\\b\tc", "AVX__HTTP__BIND_ADDR=[::1]:0", "AVX__READY__MAX_LAG=7"});
  ASSERT_TRUE(loaded) << loaded.error().message();
  auto again = load_config(write(print_config(*loaded)), {});
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(again->config.stack, "a\\b\tc");
  EXPECT_EQ(again->config.http_bind_addr, "[::1]:0");
  EXPECT_EQ(again->config.ready_max_lag, 7u);
}

}  // namespace
}  // namespace avx::events::service
