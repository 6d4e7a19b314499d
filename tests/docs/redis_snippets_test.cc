// The C++ snippets of docs/redis.md, compiled and run against a real redis-server. Each snippet's
// lines appear here in order (snippets_test.sh checks that).

#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <avx/events.h>
#include <avx/events/redis/transport.h>

#include "examples/topic_routing/inventory.avx.h"
#include "tests/support/deadline.h"
#include "tools/dev/redis_server.h"

namespace {

using namespace std::chrono_literals;
using avx::events::Envelope;
using avx::testing::eventually;
using examples::inventory::StockReceived;

TEST(RedisSnippets, PublishAndSubscribe) {
  avx::dev::RedisServer server;
  ASSERT_EQ(setenv("AVX_REDIS_URL", server.url().c_str(), 1), 0);
  avx::events::TypeRegistry registry;
  examples::inventory::register_types(registry);
  StockReceived received;
  received.sku = "sku-1";
  received.quantity = 40;
  std::mutex m;
  std::vector<std::string> skus;
  auto on_received = [&](const Envelope<StockReceived>& e) {
    std::lock_guard lock(m);
    skus.push_back(e.event.sku);
  };

  auto redis = avx::events::redis::Transport::connect();  // $AVX_REDIS_URL, else redis://127.0.0.1:6379
  auto stored = (*redis)->publish(received);  // returns once Redis has it: Result<PublishAck>
  auto sub = (*redis)->subscribe<StockReceived>("inventory.*.stock.*", registry, on_received);
  auto sent = (*redis)->publish_async(received);  // queued; at most Options::async_window unanswered
  auto all_stored = (*redis)->flush();            // every async publish answered, or an error naming the lost
  ASSERT_TRUE(stored && sub && sent && all_stored);
  ASSERT_TRUE(eventually([&] { std::lock_guard lock(m); return skus.size() == 2; }, 20s));
  EXPECT_EQ(skus.front(), "sku-1");
}

}  // namespace
