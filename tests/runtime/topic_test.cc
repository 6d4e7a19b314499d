#include "avx/events/topic.h"

#include <gtest/gtest.h>

#include "avx/events/detail/topic_trie.h"
#include "tests/support/topic_vectors.h"

namespace {

using avx::events::topic_matches;
using avx::events::validate_pattern;
using avx::events::validate_topic;

std::string segments(std::size_t n, const std::string& each) {
  std::string out = each;
  for (std::size_t i = 1; i < n; ++i) out += "." + each;
  return out;
}

using avx::testing::MatchCase;

class TopicMatches : public testing::TestWithParam<MatchCase> {};

TEST_P(TopicMatches, AsTheRulesSay) {
  const MatchCase& c = GetParam();
  EXPECT_EQ(topic_matches(c.pattern, c.topic), c.matches) << c.pattern << " ~ " << c.topic;
}

// SCHEMA.md section 2, one group per rule (shared with the NATS transport's tests).
INSTANTIATE_TEST_SUITE_P(StarIsExactlyOneSegment, TopicMatches,
                         testing::ValuesIn(avx::testing::kStarIsExactlyOneSegment));
INSTANTIATE_TEST_SUITE_P(DoubleStarIsZeroOrMoreSegmentsAnywhere, TopicMatches,
                         testing::ValuesIn(avx::testing::kDoubleStarIsZeroOrMoreSegmentsAnywhere));
INSTANTIATE_TEST_SUITE_P(SegmentsCompareExactly, TopicMatches,
                         testing::ValuesIn(avx::testing::kSegmentsCompareExactly));

TEST(Topic, InvalidPatternIsAnErrorNotASilentNonMatch) {
  for (const char* bad : {"sh*p.orders", "shop..orders", "", ".shop", "shop.", "shop.***", "shop.a b", "shop.*x"}) {
    auto result = validate_pattern(bad);
    EXPECT_FALSE(result.has_value()) << bad;
    EXPECT_FALSE(topic_matches(bad, "shop.orders")) << bad;
  }
  auto error = validate_pattern("sh*p.orders");
  ASSERT_FALSE(error.has_value());
  EXPECT_NE(error.error().message().find("segment 1"), std::string::npos) << error.error().message();
  EXPECT_NE(error.error().message().find("whole segments"), std::string::npos) << error.error().message();
}

TEST(Topic, TopicsAreConcrete) {
  EXPECT_TRUE(validate_topic("shop.orders.placed").has_value());
  EXPECT_FALSE(validate_topic("shop.*").has_value());
  EXPECT_FALSE(validate_topic("shop.**").has_value());
  EXPECT_FALSE(validate_topic("shop..x").has_value());
  EXPECT_FALSE(validate_topic("shop.é").has_value());
}

TEST(Topic, PathologicalPatternsStayFast) {
  std::string topic = segments(avx::events::kMaxTopicSegments, "a");  // as deep as a topic may be
  EXPECT_FALSE(topic_matches("**.**.**.**.**.**.**.**.b", topic));
  EXPECT_TRUE(topic_matches("**.**.**.**.a", topic));
}

// The trie and the reference matcher agree on every pattern/topic pair of a small universe.
TEST(TopicTrie, AgreesWithTopicMatches) {
  const std::vector<std::string> patterns = {"a", "a.b", "a.*", "*.b", "**", "a.**", "**.b", "a.**.b", "*.*",
                                             "a.*.b", "**.a.**", "b.**", "a.b.c", "*", "a.**.**.c"};
  const std::vector<std::string> topics = {"a", "b", "a.b", "a.c", "b.b", "a.b.c", "a.x.b", "a.a.a", "c.a.b", "a.b.b.c"};
  avx::events::detail::TopicTrie trie;
  for (std::size_t i = 0; i < patterns.size(); ++i) trie.insert(patterns[i], i);
  for (const auto& topic : topics) {
    std::vector<std::uint64_t> got;
    trie.match(topic, got);
    std::vector<std::uint64_t> want;
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      if (topic_matches(patterns[i], topic)) want.push_back(i);
    }
    EXPECT_EQ(got, want) << topic;
  }
  for (std::size_t i = 0; i < patterns.size(); ++i) trie.erase(patterns[i], i);
  EXPECT_EQ(trie.size(), 0u);
  std::vector<std::uint64_t> none;
  trie.match("a.b", none);
  EXPECT_TRUE(none.empty());
}

TEST(Topic, LongTopicsAndPatternsAreRefusedWithTheLimit) {
  EXPECT_TRUE(validate_topic(segments(avx::events::kMaxTopicSegments, "a")).has_value());
  auto deep = validate_topic(segments(avx::events::kMaxTopicSegments + 1, "a"));
  ASSERT_FALSE(deep.has_value());
  EXPECT_NE(deep.error().message().find("more than 64 segments"), std::string::npos);
  EXPECT_FALSE(avx::events::validate_pattern(segments(65, "**")).has_value());
  EXPECT_TRUE(validate_topic(std::string(avx::events::kMaxTopicBytes, 'x')).has_value());
  auto long_topic = validate_topic(std::string(1 << 20, 'x'));
  ASSERT_FALSE(long_topic.has_value());
  EXPECT_NE(long_topic.error().message().find("the limit is 1024"), std::string::npos);
  EXPECT_LT(long_topic.error().message().size(), 200u);  // the megabyte is not echoed
  EXPECT_FALSE(topic_matches(segments(65, "**"), "a"));
}

}  // namespace
