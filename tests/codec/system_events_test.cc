// The platform events of schemas/avx/system.yaml: constructible as documented, and round-trip.

#include "schemas/avx/system.avx.h"

#include <avx/events/topic.h>
#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using avx::system::HealthStatus;
using avx::system::ServiceRef;

template <class T>
void expect_round_trip(const T& event) {
  auto binary = avx::events::decode<T>(avx::events::encode(event));
  ASSERT_TRUE(binary.has_value()) << binary.error().message();
  EXPECT_EQ(*binary, event);
  auto json = avx::events::from_json<T>(avx::events::to_json(event));
  ASSERT_TRUE(json.has_value()) << json.error().message();
  EXPECT_EQ(*json, event);
}

TEST(SystemEvents, EveryEventRoundTripsOnItsTopic) {
  ServiceRef svc{"orders", "1.4.2", "host-1:4242"};
  EXPECT_EQ(svc.environment, "production");
  avx::events::Timestamp t(1700000000000000000ns);

  avx::system::ServiceStarted started{svc, t, "host-1", 4242, 850ms, "sha256:abc"};
  avx::system::HealthCheckPerformed health{svc, HealthStatus::DEGRADED, t, {{"database", HealthStatus::HEALTHY, 2ms, std::nullopt}, {"nats", HealthStatus::DEGRADED, 900ms, "slow"}}};
  avx::system::MetricsSnapshot metrics{svc, t, 10s, {{"orders_placed", 17}}, {{"queue_depth", 3.5}}, 100, 99, 1};
  avx::system::HttpRequestEvent request{svc, "req-1", avx::system::HttpMethod::POST, "/orders", 201, 12ms, t, 512, 64, "corr-1", std::nullopt};
  avx::system::HttpErrorEvent error{svc, "req-2", avx::system::HttpMethod::GET, "/orders/9", 504, "upstream timed out", "timeout", t, 30s, std::nullopt};

  expect_round_trip(started);
  expect_round_trip(health);
  expect_round_trip(metrics);
  expect_round_trip(request);
  expect_round_trip(error);
  EXPECT_EQ(avx::system::HttpRequestEvent::kTopic, "avx.system.http.request");
  EXPECT_TRUE(avx::events::topic_matches("avx.system.**", avx::system::HttpErrorEvent::kTopic));
}

}  // namespace
