// The NATS JetStream transport against the same calls made by hand with nats.c, in one binary,
// against one nats-server the binary starts itself (loopback, its own temp dir).
//
//   bazel run -c opt //tests/bench:nats_bench -- --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <benchmark/benchmark.h>
#include <nats/nats.h>

#include <avx/events/nats/request_reply.h>
#include <avx/events/nats/transport.h>

#include "tests/schemas/orders.avx.h"
#include "tools/dev/nats_server.h"

namespace {

using avx::events::DispatchContext;
using avx::events::Result;
using tests::orders::GetOrder;
using tests::orders::OrderPlaced;
using tests::orders::OrderView;

// One server and one transport for the whole run.
struct World {
  avx::dev::NatsServer server;
  std::unique_ptr<avx::events::nats::Transport> transport;
  natsConnection* raw = nullptr;
  jsCtx* js = nullptr;

  World() {
    avx::events::nats::Options o;
    o.url = server.url();
    transport = std::move(*avx::events::nats::Transport::connect(o));
    if (!transport->ensure_stream({"tests.orders.**"})) std::abort();
    natsOptions* options = nullptr;  // as the transport connects
    natsOptions_Create(&options);
    natsOptions_SetURL(options, server.url().c_str());
    natsOptions_SetSendAsap(options, true);
    natsConnection_Connect(&raw, options);
    natsOptions_Destroy(options);
    jsOptions js_options;  // the transport's async window
    jsOptions_Init(&js_options);
    js_options.PublishAsync.MaxPending = 4096;
    natsConnection_JetStream(&js, raw, &js_options);
  }
  ~World() {
    jsCtx_Destroy(js);
    natsConnection_Destroy(raw);
  }
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
  return o;
}

// The message the transport sends for order(), built by hand: the same payload and five headers.
natsMsg* message_by_hand(const std::string& payload, const std::string& id) {
  natsMsg* msg = nullptr;
  natsMsg_Create(&msg, "tests.orders.placed", nullptr, payload.data(), static_cast<int>(payload.size()));
  natsMsgHeader_Set(msg, "Nats-Msg-Id", id.c_str());
  natsMsgHeader_Set(msg, "Avx-Type", "tests.orders.OrderPlaced");
  natsMsgHeader_Set(msg, "Avx-Schema-Version", "2");
  natsMsgHeader_Set(msg, "Avx-Timestamp", std::to_string(avx::events::to_nanos(avx::events::now())).c_str());
  natsMsgHeader_Set(msg, "Avx-Correlation-Id", "corr");
  return msg;
}

// What the transport sends, built by hand: the same payload bytes, the same five headers and
// publish options, one synchronous acked publish each (the transport also encodes the event and
// stamps its id and time).
void BM_Baseline_NatsRawPublishSync(benchmark::State& state) {
  World& w = world();
  const std::string payload = avx::events::encode(order());
  for (auto _ : state) {
    const std::string id = avx::events::EventId::generate().to_string();
    natsMsg* msg = message_by_hand(payload, id);
    jsPubOptions options;
    jsPubOptions_Init(&options);
    options.MsgId = id.c_str();
    options.ExpectStream = "AVX_EVENTS";
    jsPubAck* ack = nullptr;
    if (js_PublishMsg(&ack, w.js, msg, &options, nullptr) != NATS_OK) state.SkipWithError("publish failed");
    jsPubAck_Destroy(ack);
    natsMsg_Destroy(msg);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_NatsRawPublishSync)->UseRealTime();

void BM_AvxNats_PublishSync(benchmark::State& state) {
  World& w = world();
  const OrderPlaced event = order();
  avx::events::Metadata metadata;
  metadata.correlation_id = "corr";
  for (auto _ : state) {
    if (!w.transport->publish(event, metadata)) state.SkipWithError("publish failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AvxNats_PublishSync)->UseRealTime();

// Async: a batch of kBatch publishes in flight (the window is larger), then a wait until the
// stream acknowledged all of them; by hand with js_PublishMsgAsync and the same headers, and
// through the transport's publish_async and flush.
constexpr int kBatch = 1000;

void BM_Baseline_NatsRawPublish(benchmark::State& state) {
  World& w = world();
  const std::string payload = avx::events::encode(order());
  for (auto _ : state) {
    for (int i = 0; i < kBatch; ++i) {
      natsMsg* msg = message_by_hand(payload, avx::events::EventId::generate().to_string());
      jsPubOptions options;
      jsPubOptions_Init(&options);
      options.ExpectStream = "AVX_EVENTS";
      options.MaxWait = 2000;
      if (js_PublishMsgAsync(w.js, &msg, &options) != NATS_OK) state.SkipWithError("publish failed");
      natsMsg_Destroy(msg);  // no-op unless the publish failed
    }
    jsPubOptions wait;
    jsPubOptions_Init(&wait);
    wait.MaxWait = 10000;
    if (js_PublishAsyncComplete(w.js, &wait) != NATS_OK) state.SkipWithError("not acknowledged");
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_Baseline_NatsRawPublish)->UseRealTime();

void BM_AvxNats_Publish(benchmark::State& state) {
  World& w = world();
  const OrderPlaced event = order();
  avx::events::Metadata metadata;
  metadata.correlation_id = "corr";
  for (auto _ : state) {
    for (int i = 0; i < kBatch; ++i) {
      if (!w.transport->publish_async(event, metadata)) state.SkipWithError("publish failed");
    }
    if (!w.transport->flush()) state.SkipWithError("not acknowledged");
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_AvxNats_Publish)->UseRealTime();

// A responder answering with the same reply bytes, and requests made by hand.
void raw_echo(natsConnection* nc, natsSubscription*, natsMsg* msg, void* reply_bytes) {
  const auto* bytes = static_cast<const std::string*>(reply_bytes);
  natsConnection_Publish(nc, natsMsg_GetReply(msg), bytes->data(), static_cast<int>(bytes->size()));
  natsMsg_Destroy(msg);
}

void BM_Baseline_NatsRawRequest(benchmark::State& state) {
  World& w = world();
  static const std::string reply = avx::events::encode(OrderView{});
  const std::string request = avx::events::encode(GetOrder{"o-1"});
  natsSubscription* sub = nullptr;
  natsConnection_QueueSubscribe(&sub, w.raw, "bench.raw.GetOrder", "q", raw_echo, const_cast<std::string*>(&reply));
  natsConnection_Flush(w.raw);
  for (auto _ : state) {
    natsMsg* answer = nullptr;
    if (natsConnection_Request(&answer, w.raw, "bench.raw.GetOrder", request.data(), static_cast<int>(request.size()),
                               2000) != NATS_OK) {
      state.SkipWithError("request failed");
    }
    natsMsg_Destroy(answer);
  }
  natsSubscription_Destroy(sub);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_NatsRawRequest)->UseRealTime();

void BM_AvxNats_Request(benchmark::State& state) {
  World& w = world();
  auto responder = avx::events::nats::respond<GetOrder>(
      *w.transport, [](const GetOrder&, const DispatchContext&) -> Result<OrderView> { return OrderView{}; });
  avx::events::RequestOptions options;
  options.timeout = std::chrono::seconds(2);
  for (auto _ : state) {
    if (!avx::events::nats::request(*w.transport, GetOrder{"o-1"}, options)) state.SkipWithError("request failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AvxNats_Request)->UseRealTime();

// A stream subject holding kConsumed events, published once for the consume benchmarks.
constexpr int kConsumed = 20000;
const char* filled_subject() {
  static const bool filled = [] {
    World& w = world();
    const std::string payload = avx::events::encode(order());
    for (int i = 0; i < kConsumed; ++i) {
      avx::events::RawEnvelope e{"tests.orders.consumed", "tests.orders.OrderPlaced", 2, payload, {}};
      avx::events::stamp(e.metadata, "tests.orders.OrderPlaced");
      if (!w.transport->publish_raw(e)) std::abort();
    }
    return true;
  }();
  (void)filled;
  return "tests.orders.consumed";
}

// A pull consumer read by hand: fetch 64 at a time, ack each.
void BM_Baseline_NatsRawFetch(benchmark::State& state) {
  World& w = world();
  const char* subject = filled_subject();
  for (auto _ : state) {
    natsSubscription* sub = nullptr;
    jsSubOptions options;
    jsSubOptions_Init(&options);
    options.Stream = "AVX_EVENTS";
    options.ManualAck = true;
    options.Config.AckPolicy = js_AckExplicit;
    js_PullSubscribe(&sub, w.js, subject, nullptr, nullptr, &options, nullptr);
    int consumed = 0;
    while (consumed < kConsumed) {
      natsMsgList list{};
      if (natsSubscription_Fetch(&list, sub, 64, 200, nullptr) == NATS_OK) {
        for (int i = 0; i < list.Count; ++i) natsMsg_Ack(list.Msgs[i], nullptr);
        consumed += list.Count;
      }
      natsMsgList_Destroy(&list);
    }
    natsSubscription_Unsubscribe(sub);
    natsSubscription_Destroy(sub);
  }
  state.SetItemsProcessed(state.iterations() * kConsumed);
}
BENCHMARK(BM_Baseline_NatsRawFetch)->UseRealTime()->Iterations(3);

// The same events through a subscription: headers parsed into an envelope, the handler called,
// each acked.
void BM_AvxNats_Consume(benchmark::State& state) {
  World& w = world();
  const char* subject = filled_subject();
  for (auto _ : state) {
    std::atomic<int> consumed{0};
    auto sub = w.transport->subscribe_raw(subject, [&](const avx::events::RawEnvelope&, const auto&) -> avx::events::Status {
      consumed.fetch_add(1, std::memory_order_relaxed);
      return {};
    });
    if (!sub) state.SkipWithError("subscribe failed");
    while (consumed.load(std::memory_order_relaxed) < kConsumed) std::this_thread::sleep_for(std::chrono::microseconds(200));
    state.PauseTiming();  // stopping waits out the fetch in progress (up to 200 ms): not consuming
    sub->stop();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kConsumed);
}
BENCHMARK(BM_AvxNats_Consume)->UseRealTime()->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
