// The Redis Streams transport against the same XADDs made by hand with hiredis, in one binary,
// against one redis-server the binary starts itself (Unix socket, its own temp dir).
//
//   bazel run -c opt //tests/bench:redis_bench -- --benchmark_repetitions=9
//     --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true
// (one command line).

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <hiredis/hiredis.h>
#include <hiredis/sds.h>

#include <avx/events/redis/transport.h>

#include "tests/schemas/orders.avx.h"
#include "tools/dev/redis_server.h"

namespace {

using tests::orders::OrderPlaced;

constexpr std::size_t kWindow = 4096;  // unanswered publishes at most, on both sides

struct World {
  avx::dev::RedisServer server;
  std::unique_ptr<avx::events::redis::Transport> transport;
  redisContext* raw = nullptr;

  World() {
    avx::events::redis::Options o;
    o.url = server.url();
    o.async_window = kWindow;
    transport = std::move(*avx::events::redis::Transport::connect(o));
    raw = redisConnectUnix(server.socket().c_str());
    if (raw == nullptr || raw->err != 0) std::abort();
  }
  ~World() { redisFree(raw); }
};

World& world() {
  static World w;
  return w;
}

OrderPlaced order() {
  OrderPlaced o;
  o.order_id = "o-1";
  o.customer_id = "c-1";
  o.total = {1250, tests::orders::Currency::EUR};
  o.note = "ring twice";
  return o;
}

// Each event published without waiting (the transport's window of unanswered publishes, 4096),
// then every answer read: the throughput of pipelined publishing.
void BM_AvxRedis_Publish(benchmark::State& state) {
  auto& t = *world().transport;
  const OrderPlaced event = order();
  for (auto _ : state) {
    if (!t.publish_async(event)) state.SkipWithError("publish_async failed");
  }
  if (!t.flush()) state.SkipWithError("flush failed");
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AvxRedis_Publish)->UseRealTime();

// The same entries by hand: the event encoded and stamped (id, time) as the transport does, the
// same fields, XADD appended to hiredis's buffer, sent once 64 KiB are queued, the replies read
// down to half the window whenever it is full, and all of them at the end.
void BM_Baseline_HiredisRawXadd(benchmark::State& state) {
  redisContext* c = world().raw;
  const OrderPlaced event = order();
  const std::string key = "raw:t:" + std::string(OrderPlaced::kTopic);
  std::size_t unread = 0;
  auto read_down_to = [&](std::size_t keep) {
    for (; unread > keep; --unread) {
      void* reply = nullptr;
      if (redisGetReply(c, &reply) != REDIS_OK) std::abort();
      freeReplyObject(reply);
    }
  };
  for (auto _ : state) {
    const std::string payload = avx::events::encode(event);
    avx::events::Metadata m;
    avx::events::stamp(m, OrderPlaced::kType);
    const std::string id = m.event_id.to_string();
    const std::string version = std::to_string(OrderPlaced::kVersion);
    const std::string ts = std::to_string(avx::events::to_nanos(m.timestamp));
    const char* argv[] = {"XADD", key.c_str(), "*", "id", id.c_str(), "type", OrderPlaced::kType.data(), "v",
                          version.c_str(), "ts", ts.c_str(), "payload", payload.data()};
    const std::size_t lengths[] = {4, key.size(), 1, 2, id.size(), 4, OrderPlaced::kType.size(), 1,
                                   version.size(), 2, ts.size(), 7, payload.size()};
    redisAppendCommandArgv(c, 13, argv, lengths);
    ++unread;
    if (sdslen(c->obuf) >= 64 * 1024) {
      for (int done = 0; done == 0;) {
        if (redisBufferWrite(c, &done) != REDIS_OK) std::abort();
      }
    }
    if (unread >= kWindow) read_down_to(kWindow / 2);
  }
  read_down_to(0);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_HiredisRawXadd)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
