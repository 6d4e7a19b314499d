#pragma once

// SCHEMA.md section 2 as test vectors, one group per rule: `*` is exactly one segment, `**` zero
// or more anywhere, and segments compare exactly (case included). The in-process router
// (tests/runtime/topic_test.cc) and the NATS transport (tests/transports/patterns_test.cc) both
// run them, so a pattern means the same in a process and across processes.

#include <vector>

namespace avx::testing {

struct MatchCase {
  const char* pattern;
  const char* topic;
  bool matches;
};

inline const std::vector<MatchCase> kStarIsExactlyOneSegment = {
    {"shop.*.placed", "shop.orders.placed", true},
    {"shop.*.placed", "shop.placed", false},
    {"shop.*.placed", "shop.a.b.placed", false},
    {"*", "shop", true},
    {"*", "shop.orders", false},
};

inline const std::vector<MatchCase> kDoubleStarIsZeroOrMoreSegmentsAnywhere = {
    {"shop.**", "shop", true},          {"shop.**", "shop.orders", true},  {"shop.**", "shop.orders.placed", true},
    {"shop.**", "shopping", false},     {"**", "a", true},                 {"**", "a.b.c", true},
    {"a.**.z", "a.z", true},            {"a.**.z", "a.b.c.z", true},       {"a.**.z", "a.b.c", false},
    {"**.z", "z", true},                {"a.**.**.z", "a.z", true},        {"**.b.**", "a.b.c", true},
    {"**.b.**", "a.c", false},
};

inline const std::vector<MatchCase> kSegmentsCompareExactly = {
    {"shop.orders", "shop.orders", true},
    {"shop.orders", "Shop.orders", false},
    {"shop.orders", "shop.orders.placed", false},
    {"a-b.c_d.9", "a-b.c_d.9", true},
    {"**", "shop.*", false},  // a topic is concrete
};

}  // namespace avx::testing
