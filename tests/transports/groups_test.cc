// Consumer groups over NATS JetStream against a real nats-server each test starts: members share
// the events (each handled once), partitions keep each aggregate in order across the members, a
// slow handler keeps its event (no second delivery while it works), and lag counts what a group
// has not handled.

#include <atomic>
#include <map>
#include <mutex>
#include <numeric>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <avx/events/nats/transport.h>

#include "tests/support/deadline.h"
#include "tests/transports/nats_fixture.h"

namespace {

using namespace std::chrono_literals;
using avx::events::RawEnvelope;
using avx::events::Status;
using avx::events::nats::ConsumeOptions;
using avx::events::nats::Delivery;
using avx::events::nats::Transport;
using avx::testing::eventually;
using avx::testing::Nats;
using avx::testing::raw;

TEST_F(Nats, GroupMembersShareTheEventsEachOnce) {
  auto publisher = connect();
  ASSERT_TRUE(publisher->ensure_stream({"t.**"}));
  std::mutex m;
  std::multiset<std::string> ids;
  std::vector<int> per_member(3, 0);
  std::vector<std::unique_ptr<Transport>> members;
  std::vector<avx::events::nats::Subscription> subs;
  ConsumeOptions o;
  o.group = "billing";
  for (int i = 0; i < 3; ++i) {
    members.push_back(connect());
    auto sub = members.back()->subscribe_raw(
        "t.*",
        [&, i](const RawEnvelope& e, const Delivery&) -> Status {
          std::lock_guard lock(m);
          ids.insert(e.metadata.event_id.to_string());
          ++per_member[i];
          return {};
        },
        o);
    ASSERT_TRUE(sub) << sub.error().message();
    subs.push_back(std::move(*sub));
  }
  const int n = 10000;
  for (int i = 0; i < n; ++i) ASSERT_TRUE(publisher->publish_async_raw(raw("t.e")));
  ASSERT_TRUE(publisher->flush());
  ASSERT_TRUE(eventually([&] { std::lock_guard lock(m); return static_cast<int>(ids.size()) == n; }, 60s));
  std::this_thread::sleep_for(300ms);
  std::lock_guard lock(m);
  std::set<std::string> distinct(ids.begin(), ids.end());
  EXPECT_EQ(static_cast<int>(distinct.size()), n);
  EXPECT_EQ(static_cast<int>(ids.size()), n);  // none twice
  EXPECT_EQ(per_member[0] + per_member[1] + per_member[2], n);
  for (int i = 0; i < 3; ++i) EXPECT_GT(per_member[i], 0) << "member " << i << " got nothing";
}

// As Kafka keys give it: within a group, one aggregate's events are handled one at a time and in
// order, while different aggregates spread over the members.
TEST_F(Nats, PartitionsKeepEachAggregateInOrderAcrossTheGroup) {
  constexpr std::uint32_t kPartitions = 8;
  constexpr int kAggregates = 100, kVersions = 100;
  auto publisher = connect(10s, kPartitions);
  ASSERT_TRUE(publisher->ensure_stream({"t.**"}));
  std::mutex m;
  std::map<std::string, std::vector<std::uint64_t>> seen;  // aggregate -> versions, in handling order
  std::vector<int> per_member(3, 0);
  std::vector<std::unique_ptr<Transport>> members;
  std::vector<avx::events::nats::Subscription> subs;
  ConsumeOptions o;
  o.group = "shipping";
  for (int i = 0; i < 3; ++i) {
    members.push_back(connect(10s, kPartitions));
    auto sub = members.back()->subscribe_raw(
        "t.order",
        [&, i](const RawEnvelope& e, const Delivery&) -> Status {
          std::lock_guard lock(m);
          seen[e.metadata.aggregate_id].push_back(e.metadata.version);
          ++per_member[i];
          return {};
        },
        o);
    ASSERT_TRUE(sub) << sub.error().message();
    subs.push_back(std::move(*sub));
  }
  for (int v = 1; v <= kVersions; ++v) {  // interleaved, as live traffic is
    for (int a = 0; a < kAggregates; ++a) {
      RawEnvelope e = raw("t.order");
      e.metadata.aggregate_id = "Order-" + std::to_string(a);
      e.metadata.version = static_cast<std::uint64_t>(v);
      ASSERT_TRUE(publisher->publish_raw(e));
    }
  }
  auto total = [&] {
    std::lock_guard lock(m);
    std::size_t n = 0;
    for (const auto& [id, versions] : seen) n += versions.size();
    return n;
  };
  ASSERT_TRUE(eventually([&] { return total() == kAggregates * kVersions; }, 120s)) << total();
  std::lock_guard lock(m);
  ASSERT_EQ(seen.size(), static_cast<std::size_t>(kAggregates));
  std::vector<std::uint64_t> in_order(kVersions);
  std::iota(in_order.begin(), in_order.end(), 1);
  for (const auto& [id, versions] : seen) EXPECT_EQ(versions, in_order) << id;
  for (int i = 0; i < 3; ++i) EXPECT_GT(per_member[i], 0) << "member " << i << " got nothing";
}

TEST_F(Nats, LagCountsWhatAGroupHasNotHandled) {
  auto t = connect();
  ASSERT_TRUE(t->ensure_stream({"t.**"}));
  ConsumeOptions o;
  o.group = "reports.daily";  // not a NATS-safe name: lag() still finds it
  {
    auto sub = t->subscribe_raw("t.*", [](const RawEnvelope&, const Delivery&) -> Status { return {}; }, o);
    ASSERT_TRUE(sub);
  }  // the group is durable: it stays, and falls behind
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(t->publish_raw(raw("t.x")));
  std::atomic<bool> other_seen{false};
  auto ephemeral = t->subscribe_raw("t.*", [&](const RawEnvelope&, const Delivery&) -> Status {
    other_seen = true;
    return {};
  });  // no group: not listed
  auto lag = t->lag();
  ASSERT_TRUE(lag) << lag.error().message();
  ASSERT_EQ(lag->size(), 1u);
  EXPECT_EQ((*lag)[0].group, "reports.daily");
  EXPECT_EQ((*lag)[0].consumers, 1u);
  EXPECT_EQ((*lag)[0].pending, 5u);
  EXPECT_EQ((*lag)[0].ack_pending, 0u);
  auto none = t->lag("nobody");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

// One group, two patterns: each has a consumer of its own (they used to get the same durable
// name, so the second subscription met the first one's consumer with another filter subject).
TEST_F(Nats, GroupWithTwoPatternsGetsTheEventsOfBoth) {
  auto t = connect();
  ASSERT_TRUE(t->ensure_stream({"t.**", "u.**"}));
  std::atomic<int> t_seen{0}, u_seen{0};
  ConsumeOptions o;
  o.group = "audit";
  auto on_t = t->subscribe_raw("t.*", [&](const RawEnvelope&, const Delivery&) -> Status { return ++t_seen, Status{}; }, o);
  auto on_u = t->subscribe_raw("u.*", [&](const RawEnvelope&, const Delivery&) -> Status { return ++u_seen, Status{}; }, o);
  ASSERT_TRUE(on_t && on_u) << (on_t ? on_u.error().message() : on_t.error().message());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(t->publish_raw(raw("t.x")));
    ASSERT_TRUE(t->publish_raw(raw("u.x")));
  }
  ASSERT_TRUE(eventually([&] { return t_seen.load() == 5 && u_seen.load() == 5; }, 20s))
      << "t " << t_seen.load() << ", u " << u_seen.load();
  auto lag = t->lag("audit");
  ASSERT_TRUE(lag);
  ASSERT_EQ(lag->size(), 1u);
  EXPECT_EQ((*lag)[0].consumers, 2u);
}

// A handler that takes three ack waits: the server is told it is in progress, so the other
// member never gets the event, and the slow member sees it once.
TEST_F(Nats, SlowHandlerKeepsItsEventFromTheOtherMembers) {
  auto publisher = connect();
  ASSERT_TRUE(publisher->ensure_stream({"t.**"}));
  std::atomic<int> deliveries{0};
  std::vector<std::unique_ptr<Transport>> members;
  std::vector<avx::events::nats::Subscription> subs;
  ConsumeOptions o;
  o.group = "slow";
  o.ack_wait = 600ms;
  for (int i = 0; i < 2; ++i) {
    members.push_back(connect());
    auto sub = members.back()->subscribe_raw(
        "t.slow",
        [&](const RawEnvelope&, const Delivery&) -> Status {
          if (deliveries.fetch_add(1) == 0) std::this_thread::sleep_for(3 * o.ack_wait);
          return {};
        },
        o);
    ASSERT_TRUE(sub) << sub.error().message();
    subs.push_back(std::move(*sub));
  }
  ASSERT_TRUE(publisher->publish_raw(raw("t.slow")));
  ASSERT_TRUE(eventually([&] { return subs[0].stats().handled + subs[1].stats().handled == 1; }, 20s));
  std::this_thread::sleep_for(2 * o.ack_wait);  // time for a redelivery to show up
  EXPECT_EQ(deliveries.load(), 1);
}

}  // namespace
