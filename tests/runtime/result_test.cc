#include "avx/events/result.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace {

using avx::events::Result;

// Counts how it is built, moved and destroyed.
struct Tracked {
  static inline int moves = 0;
  static inline int live = 0;
  explicit Tracked(int v) : value(v) { ++live; }
  Tracked(Tracked&& other) noexcept : value(other.value) {
    ++moves;
    ++live;
  }
  ~Tracked() { --live; }
  int value;
};

class ResultTest : public ::testing::Test {
 protected:
  void SetUp() override { Tracked::moves = Tracked::live = 0; }
};

TEST_F(ResultTest, FromCallBuildsTheValueInPlace) {
  {
    Result<Tracked> r(avx::events::kFromCall, [] { return Tracked(7); });
    ASSERT_TRUE(r);
    EXPECT_EQ(r->value, 7);
    EXPECT_EQ(Tracked::moves, 0);
    EXPECT_EQ(Tracked::live, 1);
  }
  EXPECT_EQ(Tracked::live, 0);
}

TEST_F(ResultTest, AValueIsMovedInOnce) {
  {
    Result<Tracked> r(Tracked(3));
    EXPECT_EQ(r->value, 3);
    EXPECT_EQ(Tracked::moves, 1);
  }
  EXPECT_EQ(Tracked::live, 0);
}

TEST_F(ResultTest, FromCallThatThrowsLeavesNothingBehind) {
  auto make = []() -> Tracked { throw std::runtime_error("no"); };
  EXPECT_THROW((void)Result<Tracked>(avx::events::kFromCall, make), std::runtime_error);
  EXPECT_EQ(Tracked::live, 0);
}

}  // namespace
