// The topic rules' vectors (tests/support/topic_vectors.h, which the in-process router runs too)
// over NATS: every pattern subscribed through the transport, every topic published once, and each
// subscription gets exactly the topics its pattern matches, whether the broker filters or we do.
// Every pattern and topic gets a leading `v.` segment (the same on both sides keeps each verdict):
// a stream over `>` would also take JetStream's own subjects.

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <avx/events/nats/transport.h>
#include <avx/events/topic.h>

#include "tests/support/deadline.h"
#include "tests/support/topic_vectors.h"
#include "tests/transports/nats_fixture.h"

namespace {

using namespace std::chrono_literals;
using avx::events::RawEnvelope;
using avx::events::Status;
using avx::events::nats::Delivery;
using avx::testing::eventually;
using avx::testing::MatchCase;
using avx::testing::Nats;
using avx::testing::raw;

TEST_F(Nats, PatternsMatchOverNatsAsTheyDoInProcess) {
  std::vector<MatchCase> cases;
  for (const auto* group : {&avx::testing::kStarIsExactlyOneSegment, &avx::testing::kDoubleStarIsZeroOrMoreSegmentsAnywhere,
                            &avx::testing::kSegmentsCompareExactly}) {
    cases.insert(cases.end(), group->begin(), group->end());
  }
  std::set<std::string> patterns, topics;
  for (const MatchCase& c : cases) {
    patterns.insert(std::string("v.") + c.pattern);
    if (avx::events::validate_topic(c.topic)) topics.insert(std::string("v.") + c.topic);  // not "shop.*"
  }
  auto t = connect();
  ASSERT_TRUE(t->ensure_stream({"v.**"}));
  std::mutex m;
  std::map<std::string, std::multiset<std::string>> got;  // pattern -> topics handled
  std::vector<avx::events::nats::Subscription> subs;
  for (const std::string& p : patterns) {
    auto sub = t->subscribe_raw(p, [&, p](const RawEnvelope& e, const Delivery&) -> Status {
      std::lock_guard lock(m);
      got[p].insert(e.topic);
      return {};
    });
    ASSERT_TRUE(sub) << p << ": " << sub.error().message();
    subs.push_back(std::move(*sub));
  }
  for (const std::string& topic : topics) ASSERT_TRUE(t->publish_raw(raw(topic))) << topic;

  // Wait for the expected matches, then a little for any extra.
  std::map<std::string, std::multiset<std::string>> want;
  for (const std::string& p : patterns) {
    for (const std::string& topic : topics) {
      if (avx::events::topic_matches(p, topic)) want[p].insert(topic);
    }
  }
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(m);
    for (const auto& [p, expected] : want) {
      if (got[p].size() < expected.size()) return false;
    }
    return true;
  }, 30s));
  std::this_thread::sleep_for(300ms);
  std::lock_guard lock(m);
  for (const std::string& p : patterns) EXPECT_EQ(got[p], want[p]) << p;
  // And the vectors' verdicts themselves, through what NATS delivered.
  for (const MatchCase& c : cases) {
    const std::string p = std::string("v.") + c.pattern, topic = std::string("v.") + c.topic;
    if (!topics.count(topic)) continue;
    EXPECT_EQ(got[p].count(topic), c.matches ? 1u : 0u) << c.pattern << " ~ " << c.topic;
  }
}

}  // namespace
