// TopicBus routing against testing every pattern with topic_matches, over 10,000 patterns
// (exact, `*` and `**` mixed). Subscribers are raw so the numbers are routing, not decoding.
//
//   bazel run -c opt //tests/bench:topic_bench -- --benchmark_format=json

#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include <avx/events.h>
#include <avx/events/detail/topic_trie.h>

namespace {

constexpr int kPatterns = 10000;

// 10,000 patterns: a third exact, a third with `*`, a third with `**`.
std::vector<std::string> patterns() {
  std::vector<std::string> out;
  for (int i = 0; out.size() < kPatterns; ++i) {
    std::string svc = "svc" + std::to_string(i % 3334);
    switch (i % 3) {
      case 0: out.push_back(svc + ".region" + std::to_string(i % 7) + ".evt" + std::to_string(i % 11)); break;
      case 1: out.push_back(svc + ".*.evt" + std::to_string(i % 11)); break;
      case 2: out.push_back(svc + ".region" + std::to_string(i % 7) + ".**"); break;
    }
  }
  return out;
}

std::string topic(int n) {
  return "svc" + std::to_string(n % 3334) + ".region" + std::to_string(n % 7) + ".evt" + std::to_string(n % 11);
}

struct Fixture {
  avx::events::TopicBus bus;
  std::vector<avx::events::Subscription> subs;
  std::int64_t delivered = 0;

  Fixture() {
    for (const auto& p : patterns()) {
      subs.push_back(std::move(*bus.subscribe_raw(p, [this](const avx::events::RawEnvelope&) { ++delivered; })));
    }
  }
};

void BM_AvxTopics_Publish_Cached(benchmark::State& state) {
  Fixture f;
  avx::events::RawEnvelope envelope;
  envelope.topic = topic(42);
  envelope.type = "bench.Tick";
  for (auto _ : state) benchmark::DoNotOptimize(f.bus.publish_raw(envelope));
  state.SetItemsProcessed(state.iterations());
  state.counters["matches_per_publish"] = static_cast<double>(f.delivered) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_AvxTopics_Publish_Cached);

// More distinct topics than the cache holds, cycled: every lookup walks the trie.
void BM_AvxTopics_Publish_Distinct(benchmark::State& state) {
  Fixture f;
  std::vector<avx::events::RawEnvelope> envelopes(200000);
  for (int i = 0; i < 200000; ++i) {
    envelopes[i].topic = topic(i) + ".t" + std::to_string(i);  // only `**` patterns can match these
    envelopes[i].type = "bench.Tick";
  }
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.bus.publish_raw(envelopes[i]));
    i = (i + 1) % envelopes.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AvxTopics_Publish_Distinct);

// The deepest topics (64 segments) against patterns with several `**`: the trie queues each
// (`**` node, position) once, so this grows with the segments, not their square.
void BM_AvxTopics_Publish_DeepTopic(benchmark::State& state) {
  avx::events::TopicBus bus;
  std::vector<avx::events::Subscription> subs;
  std::int64_t delivered = 0;
  for (int i = 0; i < 100; ++i) {
    std::string p = "s" + std::to_string(i % 10) + ".**.x" + std::to_string(i) + ".**.end";
    subs.push_back(std::move(*bus.subscribe_raw(p, [&](const avx::events::RawEnvelope&) { ++delivered; })));
  }
  std::vector<avx::events::RawEnvelope> envelopes(1000);
  for (int n = 0; n < 1000; ++n) {
    std::string t = "s" + std::to_string(n % 10);
    for (int k = 0; k < 62; ++k) t += ".x" + std::to_string((n + k) % 100);
    envelopes[n].topic = t + ".end";
    envelopes[n].type = "bench.Tick";
  }
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(bus.publish_raw(envelopes[i]));
    i = (i + 1) % envelopes.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["matches_per_publish"] = static_cast<double>(delivered) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_AvxTopics_Publish_DeepTopic);

// A fair linear scan: every pattern split once up front, the topic split once per publish into a
// reused buffer, the runtime's own segment matcher, and no allocation per publish.
void BM_Baseline_LinearScan(benchmark::State& state) {
  const std::vector<std::string> texts = patterns();
  std::vector<std::vector<std::string_view>> all;
  for (const auto& p : texts) all.push_back(avx::events::detail::split_segments(p));
  std::string t = topic(42);
  std::int64_t delivered = 0;
  std::vector<std::string_view> segments;
  for (auto _ : state) {
    avx::events::detail::split_segments(t, segments);  // as the trie splits, into a reused buffer
    for (const auto& p : all) {
      if (avx::events::detail::match_segments(p, segments)) ++delivered;
    }
  }
  benchmark::DoNotOptimize(delivered);
  state.SetItemsProcessed(state.iterations());
  state.counters["matches_per_publish"] = static_cast<double>(delivered) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Baseline_LinearScan);

}  // namespace

BENCHMARK_MAIN();
