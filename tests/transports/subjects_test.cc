// Topic patterns compiled to NATS subjects: what the server is asked for, and when the local
// matcher must still filter. The matcher itself is the in-process router's (topic_test.cc).

#include <gtest/gtest.h>

#include <avx/events/nats/subjects.h>

namespace {

using avx::events::nats::plan_subjects;
using avx::events::nats::SubjectPlan;

struct Case {
  const char* pattern;
  SubjectPlan plan;
};

class SubjectPlanTable : public ::testing::TestWithParam<Case> {};

TEST_P(SubjectPlanTable, CompilesThePatternToSubjects) {
  auto plan = plan_subjects(GetParam().pattern);
  ASSERT_TRUE(plan) << plan.error().message();
  EXPECT_EQ(plan->subjects, GetParam().plan.subjects);
  EXPECT_EQ(plan->filter_locally, GetParam().plan.filter_locally);
}

INSTANTIATE_TEST_SUITE_P(
    Patterns, SubjectPlanTable,
    ::testing::Values(Case{"shop.orders.placed", {{"shop.orders.placed"}, false}},
                      Case{"shop.*.placed", {{"shop.*.placed"}, false}},
                      Case{"*", {{"*"}, false}},
                      // `**` matches zero segments too: the prefix itself, and everything below it
                      Case{"shop.orders.**", {{"shop.orders", "shop.orders.>"}, false}},
                      Case{"shop.*.**", {{"shop.*", "shop.*.>"}, false}},
                      Case{"**", {{">"}, false}},
                      // no NATS form: the widest subject before the first `**`, then filtered here
                      Case{"shop.**.placed", {{"shop.>"}, true}},
                      Case{"**.placed", {{">"}, true}},
                      Case{"a.**.b.**", {{"a.>"}, true}}));

TEST(SubjectPlan, RejectsAnInvalidPattern) {
  EXPECT_FALSE(plan_subjects("shop..orders"));
  EXPECT_FALSE(plan_subjects("shop.>"));  // NATS syntax is not ours
  EXPECT_FALSE(plan_subjects(""));
}

}  // namespace
