// One JSON mapping: the CLI, which reads payloads from schema files alone, prints exactly what the
// generated codec's to_json prints.

#include <gtest/gtest.h>

#include "tests/schemas/all_types.avx.h"
#include "tools/cli/payload_json.h"

namespace {

using namespace std::chrono_literals;
using tests::all::Color;
using tests::all::Everything;
using tests::all::Shape;

class CliJson : public testing::TestWithParam<const char*> {};

// The schema in either syntax: `--schema` takes YAML and Cap'n Proto alike.
INSTANTIATE_TEST_SUITE_P(BothSyntaxes, CliJson,
                         testing::Values("tests/schemas/all_types.yaml", "tests/schemas/all_types.capnp"));

TEST_P(CliJson, PayloadsPrintAsTheGeneratedCodecPrintsThem) {
  auto payloads = avx::tools::PayloadJson::load({GetParam()});
  ASSERT_TRUE(payloads.has_value()) << payloads.error().message();
  Everything e;
  e.i64 = -7;
  e.u64 = 9;
  e.f32 = 0.1f;
  e.f64 = -2.5;
  e.text = "h\xc3\xa9\n";
  e.blob = std::string("\0\xff", 2);
  e.at = avx::events::timestamp_from_nanos(1795694400123000000);
  e.took = 1500ms;
  e.color = Color::BLUE;
  e.shape = Shape{"tri", {{0, 1}}, Color::RED};
  e.blobs = {"ab"};
  e.by_name = {{"s", Shape{}}};
  e.counts = {{"x", 1}};
  e.nested = {{"o", {{"i", "v"}}}};
  e.maybe_int = 0;
  e.maybe_color = Color::GREEN;
  e.maybe_at = avx::events::timestamp_from_nanos(5);
  avx::events::RecordedEvent stored;
  stored.type = std::string(Everything::kType);
  stored.schema_version = Everything::kVersion;
  stored.payload = avx::events::encode(e);
  auto printed = (*payloads)->to_json(stored);
  ASSERT_TRUE(printed.has_value());
  ASSERT_TRUE(printed->has_value()) << printed->error().message();
  EXPECT_EQ(**printed, avx::events::to_json(e));
}

}  // namespace
