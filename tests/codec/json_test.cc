// The JSON mapping of docs/schema.md: fixed examples of every field type, errors that name the
// field's path, and a rapidcheck round trip over random values of every type.

#include <gtest/gtest.h>  // before rapidcheck/gtest.h, which uses it without including it
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <limits>

#include "tests/schemas/all_types.avx.h"
#include "tests/support/utf8_gen.h"

namespace {

using namespace std::chrono_literals;
using avx::events::from_json;
using avx::events::to_json;
using tests::all::Color;
using tests::all::Everything;
using tests::all::Point;
using tests::all::Shape;

bool has(const std::string& json, const std::string& part) { return json.find(part) != std::string::npos; }

TEST(Json, ScalarsFollowTheMapping) {
  Everything e;
  e.i32 = -5;
  e.u32 = 4000000000u;
  e.i64 = std::numeric_limits<std::int64_t>::min();
  e.u64 = std::numeric_limits<std::uint64_t>::max();
  e.f32 = 0.1f;
  e.f64 = std::numeric_limits<double>::quiet_NaN();
  e.at = avx::events::timestamp_from_nanos(1795694400123456789);  // 2026-11-26T12:00:00.123456789Z
  e.took = 1500ms;
  e.blob = std::string("\0\1\2\xff", 4);
  e.color = Color::BLUE;
  std::string json = to_json(e);
  EXPECT_TRUE(has(json, "\"i32\":-5")) << json;
  EXPECT_TRUE(has(json, "\"u32\":4000000000")) << json;
  EXPECT_TRUE(has(json, "\"i64\":\"-9223372036854775808\"")) << json;  // strings: exact in JavaScript
  EXPECT_TRUE(has(json, "\"u64\":\"18446744073709551615\"")) << json;
  EXPECT_TRUE(has(json, "\"f32\":0.1,")) << json;  // the float's own shortest text
  EXPECT_TRUE(has(json, "\"f64\":\"NaN\"")) << json;
  EXPECT_TRUE(has(json, "\"at\":\"2026-11-26T12:00:00.123456789Z\"")) << json;
  EXPECT_TRUE(has(json, "\"took\":\"1.500s\"")) << json;
  EXPECT_TRUE(has(json, "\"blob\":\"AAEC/w==\"")) << json;
  EXPECT_TRUE(has(json, "\"color\":\"BLUE\"")) << json;
  EXPECT_FALSE(has(json, "maybe_int")) << json;  // unset optionals are omitted
}

TEST(Json, TimesDurationsMapsAndOptionalsReadAsPeopleWriteThem) {
  auto e = from_json<Everything>(R"({
    "at": "2026-11-26T13:30:00+01:30", "took": "-0.25s", "i64": 42, "u64": "7",
    "f64": "-Infinity", "counts": {"a": "1", "b": 2}, "maybe_int": 0, "maybe_text": null,
    "blob": "AAEC_w", "nested": {"o": {"i": "v"}}, "unknown_from_a_newer_writer": [1, 2]})");
  ASSERT_TRUE(e.has_value()) << e.error().message();
  EXPECT_EQ(avx::events::to_nanos(e->at), 1795694400000000000);  // the offset applied
  EXPECT_EQ(e->took, avx::events::Duration(-250ms));
  EXPECT_EQ(e->i64, 42);
  EXPECT_EQ(e->u64, 7u);
  EXPECT_TRUE(std::isinf(e->f64) && e->f64 < 0);
  EXPECT_EQ(e->counts, (std::map<std::string, std::int64_t>{{"a", 1}, {"b", 2}}));
  EXPECT_EQ(e->maybe_int, 0);  // a written zero is present
  EXPECT_FALSE(e->maybe_text.has_value());
  EXPECT_EQ(e->blob, std::string("\0\1\2\xff", 4));  // URL-safe, unpadded
  EXPECT_EQ(e->nested.at("o").at("i"), "v");
  EXPECT_EQ(e->label, "hello \"world\"");  // absent: the default
  std::string json = to_json(*e);
  EXPECT_TRUE(has(json, "\"counts\":{\"a\":\"1\",\"b\":\"2\"}")) << json;
  EXPECT_TRUE(has(json, "\"took\":\"-0.250s\"")) << json;
}

TEST(Json, EscapesAreDecodedAndUnpairedSurrogatesRefused) {
  auto e = from_json<Everything>(R"({"text": "\u00e9\u4e2d\ud83d\ude00\n"})");
  ASSERT_TRUE(e.has_value()) << e.error().message();
  EXPECT_EQ(e->text, "\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\n");
  EXPECT_FALSE(from_json<Everything>(R"({"text": "\ud800"})").has_value());
  Everything control;
  control.text = std::string("a\x01\x1b[31m", 7);  // control bytes are escaped, never raw
  EXPECT_TRUE(has(to_json(control), R"("text":"a\u0001\u001b[31m")")) << to_json(control);
}

struct BadCase {
  const char* json;
  const char* path;  // what the error names
};

TEST(Json, ErrorsNameTheFieldsPath) {
  const BadCase cases[] = {
      {R"({"i32": 2147483648})", "i32: "},
      {R"({"i32": 1.5})", "i32: expected an integer"},
      {R"({"u32": -1})", "u32: "},
      {R"({"i64": "12x"})", "i64: '12x' is not an integer"},
      {R"({"flag": "yes"})", "flag: expected true or false"},
      {R"({"f32": 1e39})", "f32: out of range"},
      {R"({"blob": "***"})", "blob: not base64"},
      {R"({"at": "2026-02-30T00:00:00Z"})", "at: '2026-02-30T00:00:00Z' is not an RFC 3339 time"},
      {R"({"took": "5"})", "took: '5' is not a duration"},
      {R"({"color": "PURPLE"})", "color: 'PURPLE' is not a value"},
      {R"({"shapes": [{}, {"points": [{"x": 1}, {"y": "up"}]}]})", "shapes[1].points[1].y: 'up' is not a number"},
      {R"({"by_name": {"k": {"color": 3}}})", "by_name.k.color: expected a string"},
      {R"({"numbers": {"a": 1}})", "numbers: expected an array"},
      {R"({"shape": [1]})", "shape: expected an object"},
  };
  for (const BadCase& c : cases) {
    auto e = from_json<Everything>(c.json);
    ASSERT_FALSE(e.has_value()) << c.json;
    EXPECT_NE(e.error().message().find(c.path), std::string::npos) << c.json << " -> " << e.error().message();
    EXPECT_NE(e.error().message().find("tests.all.Everything"), std::string::npos);
  }
}

template <class T> T any() { return *rc::gen::arbitrary<T>(); }
double finite() { return *rc::gen::suchThat(rc::gen::arbitrary<double>(), [](double d) { return std::isfinite(d); }); }
float finite_float() {
  return *rc::gen::suchThat(rc::gen::arbitrary<float>(), [](float f) { return std::isfinite(f); });
}
Color color() { return static_cast<Color>(*rc::gen::inRange(0, 3)); }
Shape shape() {
  Shape s;
  s.name = *avx::testing::utf8_text();
  for (int i = *rc::gen::inRange(0, 4); i > 0; --i) s.points.push_back(Point{finite(), finite()});
  s.color = color();
  return s;
}
avx::events::Timestamp timestamp() {
  return avx::events::timestamp_from_nanos(*rc::gen::inRange<std::int64_t>(-9'000'000'000'000'000'000,
                                                                            9'000'000'000'000'000'000));
}

RC_GTEST_PROP(JsonProperty, EveryFieldTypeRoundTrips, ()) {
  Everything e;
  e.flag = any<bool>();
  e.i32 = any<std::int32_t>();
  e.i64 = any<std::int64_t>();
  e.u32 = any<std::uint32_t>();
  e.u64 = any<std::uint64_t>();
  e.f32 = finite_float();
  e.f64 = finite();
  e.text = *avx::testing::utf8_text();
  e.blob = any<std::string>();  // any bytes
  e.at = timestamp();
  e.took = avx::events::Duration(any<std::int64_t>() / 2);
  e.id = *avx::testing::utf8_text();
  e.color = color();
  e.shape = shape();
  e.numbers = any<std::vector<std::int64_t>>();
  e.names = {*avx::testing::utf8_text(), *avx::testing::utf8_text()};
  e.blobs = any<std::vector<std::string>>();
  e.grid = any<std::vector<std::vector<std::int32_t>>>();
  e.colors = {color(), color()};
  e.by_name = {{*avx::testing::utf8_text(), shape()}};
  e.counts = {{*avx::testing::utf8_text(), any<std::int64_t>()}, {*avx::testing::utf8_text(), any<std::int64_t>()}};
  e.nested = {{*avx::testing::utf8_text(), {{*avx::testing::utf8_text(), *avx::testing::utf8_text()}}}};
  if (any<bool>()) e.maybe_text = *avx::testing::utf8_text();
  if (any<bool>()) e.maybe_int = any<std::int32_t>();
  if (any<bool>()) e.maybe_color = color();
  if (any<bool>()) e.maybe_at = timestamp();
  if (any<bool>()) e.maybe_shape = shape();
  std::string json = to_json(e);
  auto back = from_json<Everything>(json);
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == e);
}

}  // namespace
