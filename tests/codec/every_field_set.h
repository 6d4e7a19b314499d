#pragma once

// One value of tests.all.Everything with every field set, none to its default: what the codec
// tests round-trip and hold to Cap'n Proto.

#include <chrono>
#include <limits>
#include <string>

#include "tests/schemas/all_types.avx.h"

namespace avx::testing {

inline tests::all::Everything every_field_set() {
  using namespace std::chrono_literals;
  using tests::all::Color;
  using tests::all::Shape;
  tests::all::Everything e;
  e.flag = true;
  e.i32 = -123;
  e.i64 = std::numeric_limits<std::int64_t>::min();
  e.u32 = 4000000000u;
  e.u64 = std::numeric_limits<std::uint64_t>::max();
  e.f32 = 1.5f;
  e.f64 = -2.25;
  e.text = "héllo\nworld";
  e.blob = std::string("\0\1\2\xff", 4);
  e.at = avx::events::Timestamp(1700000000123456789ns);
  e.took = 1500ms;
  e.id = "0f8fad5b-d9cb-469f-a165-70867728950e";
  e.color = Color::BLUE;
  e.shape = Shape{"tri", {{0, 0}, {1, 0}, {0, 1}}, Color::RED};
  e.numbers = {1, -2, 3};
  e.names = {"a", "", "c"};
  e.blobs = {std::string("\0", 1), "x"};
  e.grid = {{1, 2}, {}, {3}};
  e.colors = {Color::GREEN, Color::RED};
  e.shapes = {Shape{"a", {}, Color::BLUE}, Shape{}};
  e.by_name = {{"s", Shape{"s", {{2, 3}}, Color::GREEN}}};
  e.counts = {{"x", 1}, {"y", -1}};
  e.nested = {{"outer", {{"inner", "v"}}}};
  e.maybe_text = "";
  e.maybe_int = 0;
  e.maybe_color = Color::RED;
  e.maybe_at = avx::events::Timestamp(5ns);
  e.maybe_shape = Shape{"opt", {}, Color::GREEN};
  e.label = "changed";
  e.level = 9;
  e.ratio = 0.0;
  e.enabled = false;
  return e;
}

}  // namespace avx::testing
