// Codecs of generated types: binary and JSON round trips for every field type, defaults, and
// hostile input that must come back as an error value, never a crash.

#include "tests/schemas/all_types.avx.h"
#include "tests/schemas/imports.avx.h"
#include "tests/codec/every_field_set.h"

#include <cstring>
#include <random>

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using tests::all::Color;
using tests::all::Everything;
using tests::all::Point;
using tests::all::Shape;

Everything full() { return avx::testing::every_field_set(); }

TEST(Codec, GeneratedStructHasSchemaDefaultsAndConstants) {
  Everything e;
  EXPECT_EQ(e.label, "hello \"world\"");
  EXPECT_EQ(e.level, -7);
  EXPECT_EQ(e.ratio, 0.5);
  EXPECT_TRUE(e.enabled);
  EXPECT_FALSE(e.maybe_int.has_value());
  EXPECT_EQ(Shape{}.color, Color::GREEN);
  EXPECT_EQ(Everything::kType, "tests.all.Everything");
  EXPECT_EQ(Everything::kTopic, "tests.all.everything");
  EXPECT_EQ(Everything::kVersion, 1u);
  EXPECT_EQ(tests::all::to_string(Color::BLUE), "BLUE");
  Point p{1.0, 2.0};  // brace-initializable in schema order
  EXPECT_EQ(p.y, 2.0);
}

TEST(Codec, BinaryRoundTripKeepsEveryFieldType) {
  Everything original = full();
  auto decoded = avx::events::decode<Everything>(avx::events::encode(original));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message();
  EXPECT_EQ(*decoded, original);
}

TEST(Codec, BinaryRoundTripKeepsUnsetOptionalsUnset) {
  Everything original;
  auto decoded = avx::events::decode<Everything>(avx::events::encode(original));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message();
  EXPECT_EQ(*decoded, original);
  EXPECT_FALSE(decoded->maybe_text.has_value());
  EXPECT_FALSE(decoded->maybe_shape.has_value());
  EXPECT_EQ(decoded->label, "hello \"world\"");
}

TEST(Codec, JsonRoundTripKeepsEveryFieldType) {
  Everything original = full();
  std::string json = avx::events::to_json(original);
  EXPECT_NE(json.find("\"maybe_text\""), std::string::npos) << json;  // schema names, not camelCase
  EXPECT_NE(json.find("\"BLUE\""), std::string::npos) << json;        // enumerants by name
  EXPECT_NE(json.find("\"blob\":\"AAEC/w==\""), std::string::npos) << json;  // bytes as base64
  auto decoded = avx::events::from_json<Everything>(json);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message() << "\n" << json;
  EXPECT_EQ(*decoded, original);
}

TEST(Codec, JsonRejectsMalformedText) {
  for (std::string_view bad : {"{", "[1,2]", "{\"i32\": \"x\"}", "{\"color\": \"PURPLE\"}",
                               "", "{\"text\": 5"}) {
    auto decoded = avx::events::from_json<Everything>(bad);
    EXPECT_FALSE(decoded.has_value()) << bad;
    if (!decoded) {
      EXPECT_NE(decoded.error().message().find("tests.all.Everything"), std::string::npos);
    }
  }
}

TEST(Codec, JsonRejectsDeepNesting) {
  std::string deep(10000, '[');
  EXPECT_FALSE(avx::events::from_json<Everything>("{\"numbers\": " + deep).has_value());
}

TEST(Codec, EmptyMessageRoundTrips) {
  auto decoded = avx::events::decode<tests::all::Empty>(avx::events::encode(tests::all::Empty{}));
  ASSERT_TRUE(decoded.has_value());
}

TEST(Codec, DecodeRejectsEmptyTruncatedAndMisalignedInput) {
  std::string bytes = avx::events::encode(full());
  EXPECT_FALSE(avx::events::decode<Everything>("").has_value());
  EXPECT_FALSE(avx::events::decode<Everything>(bytes.substr(0, bytes.size() - 8)).has_value());
  EXPECT_FALSE(avx::events::decode<Everything>(bytes.substr(0, bytes.size() - 3)).has_value());
  EXPECT_FALSE(avx::events::decode<Everything>(bytes + std::string(8, '\0')).has_value());
  auto error = avx::events::decode<Everything>(bytes.substr(0, 5));
  ASSERT_FALSE(error.has_value());
  EXPECT_NE(error.error().message().find("8-byte words"), std::string::npos);
}

// Aligned bytes are read in place, misaligned ones from a copy: on the stack up to 512 bytes, on
// the heap beyond. Every offset and both sizes decode to the same value.
TEST(Codec, DecodesFromEveryAlignmentSmallAndLarge) {
  Everything small;
  small.text = "small";
  Everything large = full();
  large.text = std::string(3000, 'x');
  for (const Everything* original : {&small, &large}) {
    const std::string bytes = avx::events::encode(*original);
    ASSERT_EQ(bytes.size() > 512, original == &large);
    std::string buffer(bytes.size() + 8, '\0');
    for (std::size_t offset = 0; offset < 8; ++offset) {
      std::memcpy(buffer.data() + offset, bytes.data(), bytes.size());
      auto decoded = avx::events::decode<Everything>(std::string_view(buffer.data() + offset, bytes.size()));
      ASSERT_TRUE(decoded.has_value()) << "offset " << offset << ": " << decoded.error().message();
      EXPECT_EQ(*decoded, *original) << "offset " << offset;
    }
  }
}

TEST(Codec, DecodeRejectsOutOfRangeEnum) {
  // As if written by a newer schema with more enumerants.
  Everything e;
  e.color = static_cast<Color>(0x7777);
  std::string bad = avx::events::encode(e);
  auto decoded = avx::events::decode<Everything>(bad);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_NE(decoded.error().message().find("out of range"), std::string::npos);
}

// Every single-byte corruption and every truncation of a real message either decodes to
// something or fails with an error: no crash, no sanitizer report.
TEST(Codec, HostileBytesNeverCrash) {
  // What decodes is a value like any other: it encodes and decodes again to itself. What does not
  // is an error that names the type.
  auto check = [](const avx::events::Result<Everything>& decoded) {
    if (decoded) {
      auto again = avx::events::decode<Everything>(avx::events::encode(*decoded));
      ASSERT_TRUE(again.has_value()) << again.error().message();
      EXPECT_EQ(*again, *decoded);
    } else {
      EXPECT_NE(decoded.error().message().find("tests.all.Everything"), std::string::npos);
    }
  };
  std::string bytes = avx::events::encode(full());
  int decoded = 0, refused = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    for (unsigned char flip : {0x01, 0x80, 0xff}) {
      std::string corrupt = bytes;
      corrupt[i] = static_cast<char>(corrupt[i] ^ flip);
      auto result = avx::events::decode<Everything>(corrupt);
      check(result);
      (result ? decoded : refused) += 1;
    }
  }
  EXPECT_GT(decoded, 0);  // flips inside data bytes read as other values
  EXPECT_GT(refused, 0);  // flips inside pointers are caught
  std::mt19937_64 random(42);
  for (int n = 0; n < 2000; ++n) {
    std::string noise((random() % 64 + 1) * 8, '\0');
    for (auto& c : noise) c = static_cast<char>(random());
    check(avx::events::decode<Everything>(noise));
    auto json = avx::events::from_json<Everything>(noise);
    EXPECT_FALSE(json.has_value());  // random bytes are never a JSON object
  }
}

TEST(Codec, ImportedTypesRoundTripAcrossSchemaLibraries) {
  tests::imports::Drawn d;
  EXPECT_EQ(d.color, Color::BLUE);
  d.shape = Shape{"s", {{1, 2}}, Color::RED};
  d.shapes = {Shape{}, Shape{"t", {}, Color::BLUE}};
  d.maybe_color = Color::GREEN;
  d.by_name = {{"k", Shape{"v", {}, Color::RED}}};
  auto decoded = avx::events::decode<tests::imports::Drawn>(avx::events::encode(d));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message();
  EXPECT_EQ(*decoded, d);
  auto json = avx::events::from_json<tests::imports::Drawn>(avx::events::to_json(d));
  ASSERT_TRUE(json.has_value()) << json.error().message();
  EXPECT_EQ(*json, d);
}

// Text that is not strictly UTF-8, anywhere (a field, a list element, a map key or value), is
// refused by decode and from_json, never handed over.
TEST(Codec, TextThatIsNotUtf8IsRefused) {
  const std::string bad[] = {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff", "ok\xe2\x82"};
  for (const std::string& b : bad) {
    std::vector<Everything> carriers(4);
    carriers[0].text = b;
    carriers[1].names = {"fine", b};
    carriers[2].counts = {{b, 1}};
    carriers[3].nested = {{"k", {{"k", b}}}};
    for (const Everything& e : carriers) {
      auto decoded = avx::events::decode<Everything>(avx::events::encode(e));
      ASSERT_FALSE(decoded.has_value());
      EXPECT_NE(decoded.error().message().find("UTF-8"), std::string::npos) << decoded.error().message();
    }
  }
  EXPECT_FALSE(avx::events::from_json<Everything>("{\"text\": \"\xc0\xaf\"}").has_value());
  EXPECT_FALSE(avx::events::from_json<Everything>("{\"text\": \"\\ud800\"}").has_value());  // lone surrogate
  Everything fine;
  fine.text = "h\xc3\xa9llo \xf0\x9f\x98\x80";  // two- and four-byte sequences
  EXPECT_TRUE(avx::events::decode<Everything>(avx::events::encode(fine)).has_value());
}

TEST(Codec, AmplifiedListIsRejected) {
  // A segment table claiming a huge segment in a tiny message.
  std::string bytes(16, '\0');
  bytes[4] = '\xff';
  bytes[5] = '\xff';
  bytes[6] = '\xff';
  bytes[7] = '\x0f';
  EXPECT_FALSE(avx::events::decode<Everything>(bytes).has_value());
}

}  // namespace
