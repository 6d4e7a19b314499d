// TopicBus routing against testing every pattern with topic_matches, over 10,000 patterns
// (exact, `*` and `**` mixed). Subscribers are raw so the numbers are routing, not decoding.
//
//   bazel run -c opt //tests/bench:topic_bench -- --benchmark_format=json

#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <avx/events.h>

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

void BM_Baseline_LinearScan(benchmark::State& state) {
  std::vector<std::string> all = patterns();
  std::string t = topic(42);
  std::int64_t delivered = 0;
  for (auto _ : state) {
    for (const auto& p : all) {
      if (avx::events::topic_matches(p, t)) ++delivered;
    }
  }
  benchmark::DoNotOptimize(delivered);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_LinearScan);

}  // namespace

BENCHMARK_MAIN();
