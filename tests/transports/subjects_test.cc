// Topic patterns compiled to NATS subjects: what the server is asked for, and when the local
// matcher must still filter. The matcher itself is the in-process router's (topic_test.cc).

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <avx/events/nats/subjects.h>

namespace {

using avx::events::nats::Feed;
using avx::events::nats::feeds;
using avx::events::nats::durable_name;
using avx::events::nats::partition_of;
using avx::events::nats::plan_subjects;
using avx::events::nats::stream_subjects;
using avx::events::nats::topic_of_subject;
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

TEST(Partitions, AnAggregateAlwaysMapsToTheSamePartitionInRange) {
  EXPECT_EQ(partition_of("Order-42", 8), partition_of("Order-42", 8));
  std::set<std::uint32_t> used;
  for (int i = 0; i < 200; ++i) {
    std::uint32_t k = partition_of("Order-" + std::to_string(i), 8);
    EXPECT_LT(k, 8u);
    used.insert(k);
  }
  EXPECT_EQ(used.size(), 8u);  // spread, not all in one
  EXPECT_EQ(partition_of("FNV-1a is fixed", 1000), partition_of("FNV-1a is fixed", 1000));
}

TEST(DurableName, OnePerGroupAndSubjectAndNatsSafe) {
  EXPECT_EQ(durable_name("billing", "shop.>"), durable_name("billing", "shop.>"));  // members share it
  EXPECT_NE(durable_name("billing", "shop.>"), durable_name("billing", "shop.*"));  // one per subject
  EXPECT_NE(durable_name("billing", "shop.>"), durable_name("shipping", "shop.>"));
  const std::string name = durable_name("reports.daily *>", "a.b");
  EXPECT_EQ(name.rfind("reports_daily___", 0), 0u) << name;
  EXPECT_EQ(name.find_first_of(".*> "), std::string::npos) << name;
}

TEST(Partitions, TheTopicOfASubjectDropsOnlyAPartitionToken) {
  std::optional<std::uint32_t> k;
  EXPECT_EQ(topic_of_subject("shop.orders.placed.~p3", &k), "shop.orders.placed");
  EXPECT_EQ(k, 3u);
  k.reset();
  EXPECT_EQ(topic_of_subject("shop.orders.placed", &k), "shop.orders.placed");
  EXPECT_FALSE(k);
  EXPECT_EQ(topic_of_subject("shop.~px", &k), "shop.~px");  // not a number: not a token of ours
  EXPECT_FALSE(k);
}

TEST(Partitions, FeedsSplitExactSubjectsAndFilterSpanningOnes) {
  SubjectPlan plan{{"shop.orders", "shop.orders.>"}, false};
  EXPECT_EQ(feeds(plan, 0), (std::vector<Feed>{{"shop.orders", std::nullopt, false}, {"shop.orders.>", std::nullopt, false}}));
  EXPECT_EQ(feeds(plan, 2), (std::vector<Feed>{{"shop.orders.~p0", 0u, false},
                                               {"shop.orders.~p1", 1u, false},
                                               {"shop.orders.>", 0u, true},
                                               {"shop.orders.>", 1u, true}}));
}

TEST(Partitions, StreamSubjectsMakeRoomForTheToken) {
  EXPECT_EQ(stream_subjects({{"shop.orders.placed"}, false}, 4), std::vector<std::string>{"shop.orders.placed.*"});
  EXPECT_EQ(stream_subjects({{"shop.orders", "shop.orders.>"}, false}, 4), std::vector<std::string>{"shop.orders.>"});
  EXPECT_EQ(stream_subjects({{"shop.orders.placed"}, false}, 0), std::vector<std::string>{"shop.orders.placed"});
}

}  // namespace
