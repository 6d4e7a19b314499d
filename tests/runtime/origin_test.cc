// The origin's limits (check_origin), the same for every store and transport, and the JSON that
// stores keep headers in: what check_origin accepts round-trips; anything else is refused.

#include <string>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "avx/events/headers_json.h"
#include "avx/events/origin.h"
#include "tests/support/utf8_gen.h"

namespace {

using avx::events::check_origin;
using avx::events::Headers;
using avx::events::Origin;

TEST(Origin, AnEmptyOriginAndOrdinaryValuesAreValid) {
  EXPECT_TRUE(check_origin(Origin{}));
  EXPECT_TRUE(check_origin(Origin{"user \xc3\xa9", "orders", {{"tenant", "acme"}, {"A.b_c-9", "x"}}}));
  EXPECT_TRUE(Origin{}.empty());
  EXPECT_FALSE((Origin{"", "", {{"k", "v"}}}.empty()));
}

TEST(Origin, EachLimitIsRefusedNamingTheField) {
  auto refused = [](const Origin& o, const std::string& names) {
    auto s = check_origin(o);
    if (s) return ::testing::AssertionFailure() << "accepted";
    if (s.error().message().find(names) == std::string::npos) {
      return ::testing::AssertionFailure() << s.error().message();
    }
    return ::testing::AssertionSuccess();
  };
  EXPECT_TRUE(refused(Origin{"\xff", "", {}}, "user_id is not valid UTF-8"));
  EXPECT_TRUE(refused(Origin{"", "a\nb", {}}, "source contains a control character"));
  EXPECT_TRUE(refused(Origin{"", std::string(avx::events::kMaxOriginValue + 1, 'x'), {}}, "source has 1025 bytes"));
  EXPECT_TRUE(refused(Origin{"", "", {{"", "v"}}}, "header key of 0 bytes"));
  EXPECT_TRUE(refused(Origin{"", "", {{std::string(65, 'k'), "v"}}}, "header key of 65 bytes"));
  EXPECT_TRUE(refused(Origin{"", "", {{"a:b", "v"}}}, "keys are made of"));
  EXPECT_TRUE(refused(Origin{"", "", {{"k", std::string("a\0b", 3)}}}, "header 'k' contains a control character"));
  EXPECT_TRUE(refused(Origin{"", "", {{"k", "\x7f"}}}, "control character"));
  EXPECT_TRUE(refused(Origin{"", "", {{"k", ""}}}, "header 'k' has no value"));
  Headers many;
  for (int i = 0; i <= 64; ++i) many["k" + std::to_string(i)] = "v";
  EXPECT_TRUE(refused(Origin{"", "", many}, "65 headers"));
}

TEST(HeadersJson, NoHeadersIsAnEmptyObject) {
  EXPECT_EQ(avx::events::headers_to_json({}), "{}");
  EXPECT_EQ(avx::events::headers_to_json({{"b", "2"}, {"a", "\"1\""}}), R"({"a":"\"1\"","b":"2"})");
  ASSERT_TRUE(avx::events::headers_from_json("{}").has_value());
  EXPECT_TRUE(avx::events::headers_from_json("{}")->empty());
}

TEST(HeadersJson, AnythingButAnObjectOfValidHeadersIsRefused) {
  for (const char* hostile : {"", "null", "{\"k\":\"\"}", "[]", "\"text\"", "{", "{\"k\":1}", "{\"k\":null}", "{\"k\":{}}",
                              "{\"bad key\":\"v\"}", "{\"\":\"v\"}", "{\"k\":\"\\u0001\"}", "{\"k\":\"\xff\"}",
                              "{\"k\":\"v\"} trailing"}) {
    auto parsed = avx::events::headers_from_json(hostile);
    EXPECT_FALSE(parsed.has_value()) << hostile;
    if (!parsed) {
      EXPECT_EQ(parsed.error().code(), avx::events::Errc::kInvalidArgument);
    }
  }
}

rc::Gen<std::string> key() {
  return rc::gen::resize(
      64, rc::gen::nonEmpty(rc::gen::container<std::string>(rc::gen::elementOf(std::string(
              "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")))));
}

// Any UTF-8 text short enough, not empty, control characters replaced (check_origin refuses them).
rc::Gen<std::string> value() {
  return rc::gen::map(avx::testing::utf8_text(), [](std::string v) {
    for (char& c : v) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    }
    return "v" + v.substr(0, avx::events::kMaxOriginValue / 4);  // a code point is at most 4 bytes
  });
}

RC_GTEST_PROP(HeadersJson, WhatCheckOriginAcceptsRoundTrips, ()) {
  Headers headers;
  for (int n = *rc::gen::inRange(0, 8); n > 0; --n) headers[*key()] = *value();
  RC_PRE(check_origin(Origin{"", "", headers}).has_value());
  auto back = avx::events::headers_from_json(avx::events::headers_to_json(headers));
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == headers);
}

}  // namespace
