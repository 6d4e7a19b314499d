// The shape fingerprint of aggregate state: equal for the same fields, different for every change
// that makes old snapshot bytes read differently.

#include "codegen/model/shape.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "codegen/compile.h"

namespace {

namespace fs = std::filesystem;

// The fingerprint of aggregate A's state in a schema whose aggregate section is `state`.
std::uint32_t fingerprint(const std::string& types, const std::string& state) {
  static int counter = 0;
  fs::path path = fs::path(std::getenv("TEST_TMPDIR")) / ("s" + std::to_string(counter++) + ".yaml");
  std::ofstream(path) << "package: shape.test\nenums:\n  Color: [RED, GREEN]\ntypes:\n" << types
                      << "events:\n  E: {aggregate: A, fields: {id: string}}\n"
                      << "aggregates:\n  A:\n    id: id\n    events: [E]\n    state:\n" << state;
  avx::codegen::Diagnostics diags;
  auto set = avx::codegen::compile_schemas({path.string()}, {}, diags);
  EXPECT_FALSE(diags.has_errors()) << diags.to_string();
  if (diags.has_errors()) return 0;
  return avx::codegen::shape_fingerprint(set.roots[0]->aggregates[0].state);
}

const std::string kMoney = "  Money: {fields: {cents: int64}}\n";
const std::string kState = "      total: Money\n      color: Color\n";

TEST(Shape, SameFieldsSameFingerprint) {
  EXPECT_EQ(fingerprint(kMoney, kState), fingerprint(kMoney, kState));
}

TEST(Shape, EveryChangeThatMovesBytesChangesTheFingerprint) {
  const std::uint32_t base = fingerprint(kMoney, kState);
  EXPECT_NE(base, fingerprint(kMoney, kState + "      note: {type: string, optional: true}\n"));  // added
  EXPECT_NE(base, fingerprint(kMoney, "      color: Color\n      total: Money\n"));                // reordered
  EXPECT_NE(base, fingerprint(kMoney, "      total: Money\n      color: {type: Color, default: GREEN}\n"));
  EXPECT_NE(base, fingerprint(kMoney, "      total: Money\n      shade: Color\n"));                // renamed
  EXPECT_NE(base, fingerprint("  Money: {fields: {cents: int32}}\n", kState));                    // nested type
  EXPECT_NE(base, fingerprint("  Money: {fields: {cents: int64, currency: string}}\n", kState));  // nested field
  EXPECT_NE(base, fingerprint(kMoney, "      total: {type: Money, optional: true}\n      color: Color\n"));
}

}  // namespace
