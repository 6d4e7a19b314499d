#include "avx/events/topic.h"

#include <gtest/gtest.h>

#include "avx/events/detail/topic_trie.h"

namespace {

using avx::events::topic_matches;
using avx::events::validate_pattern;
using avx::events::validate_topic;

std::string segments(std::size_t n, const std::string& each) {
  std::string out = each;
  for (std::size_t i = 1; i < n; ++i) out += "." + each;
  return out;
}

TEST(Topic, StarMatchesExactlyOneSegment) {
  EXPECT_TRUE(topic_matches("shop.*.placed", "shop.orders.placed"));
  EXPECT_FALSE(topic_matches("shop.*.placed", "shop.placed"));
  EXPECT_FALSE(topic_matches("shop.*.placed", "shop.a.b.placed"));
  EXPECT_TRUE(topic_matches("*", "shop"));
  EXPECT_FALSE(topic_matches("*", "shop.orders"));
}

TEST(Topic, DoubleStarMatchesZeroOrMoreSegmentsAnywhere) {
  EXPECT_TRUE(topic_matches("shop.**", "shop"));
  EXPECT_TRUE(topic_matches("shop.**", "shop.orders"));
  EXPECT_TRUE(topic_matches("shop.**", "shop.orders.placed"));
  EXPECT_FALSE(topic_matches("shop.**", "shopping"));
  EXPECT_TRUE(topic_matches("**", "a"));
  EXPECT_TRUE(topic_matches("**", "a.b.c"));
  EXPECT_TRUE(topic_matches("a.**.z", "a.z"));
  EXPECT_TRUE(topic_matches("a.**.z", "a.b.c.z"));
  EXPECT_FALSE(topic_matches("a.**.z", "a.b.c"));
  EXPECT_TRUE(topic_matches("**.z", "z"));
  EXPECT_TRUE(topic_matches("a.**.**.z", "a.z"));
  EXPECT_TRUE(topic_matches("**.b.**", "a.b.c"));
  EXPECT_FALSE(topic_matches("**.b.**", "a.c"));
}

TEST(Topic, MatchingIsCaseSensitiveAndExact) {
  EXPECT_TRUE(topic_matches("shop.orders", "shop.orders"));
  EXPECT_FALSE(topic_matches("shop.orders", "Shop.orders"));
  EXPECT_FALSE(topic_matches("shop.orders", "shop.orders.placed"));
  EXPECT_TRUE(topic_matches("a-b.c_d.9", "a-b.c_d.9"));
}

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
  EXPECT_FALSE(topic_matches("**", "shop.*"));
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
