// Strict UTF-8 (RFC 3629): the boundaries of every sequence length, overlong forms, surrogates and
// code points above U+10FFFF.

#include "avx/events/utf8.h"

#include <string>

#include <gtest/gtest.h>

namespace {

using avx::events::find_invalid_utf8;

struct Case {
  std::string text;
  std::optional<std::size_t> invalid_at;
};

TEST(Utf8, AcceptsValidAndPointsAtTheFirstInvalidByte) {
  const Case cases[] = {
      {"", std::nullopt},
      {"plain ascii \x7f", std::nullopt},
      {"\xc2\x80 \xdf\xbf", std::nullopt},                  // U+0080, U+07FF
      {"\xe0\xa0\x80 \xef\xbf\xbf", std::nullopt},          // U+0800, U+FFFF
      {"\xed\x9f\xbf \xee\x80\x80", std::nullopt},          // U+D7FF, U+E000: around the surrogates
      {"\xf0\x90\x80\x80 \xf4\x8f\xbf\xbf", std::nullopt},  // U+10000, U+10FFFF
      {"a\xc0\xaf", 1},                                     // overlong '/'
      {"\xc1\xbf", 0},                                      // overlong
      {"\xe0\x80\xaf", 0},                                  // overlong three-byte
      {"\xf0\x80\x80\xaf", 0},                              // overlong four-byte
      {"ab\xed\xa0\x80", 2},                                // U+D800, a surrogate
      {"\xed\xbf\xbf", 0},                                  // U+DFFF
      {"\xf4\x90\x80\x80", 0},                              // U+110000
      {"\xf5\x80\x80\x80", 0},
      {"\xff", 0},
      {"\x80", 0},                                          // a lone continuation byte
      {"ok\xe2\x82", 2},                                    // truncated at the end
      {"\xe2\x28\xa1", 0},                                  // a bad continuation byte
  };
  for (const Case& c : cases) {
    EXPECT_EQ(find_invalid_utf8(c.text), c.invalid_at) << ::testing::PrintToString(c.text);
  }
}

}  // namespace
