// EventBus against a plain vector of std::function called in a loop, with the same payload.
//
//   bazel run -c opt //tests/bench:bus_bench -- --benchmark_format=json

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <benchmark/benchmark.h>

#include <avx/events.h>

#include "tests/bench/bench.avx.h"

namespace {

using bench::Tick;

// Every benchmark here makes its events with this one function, so that making one costs the same
// in each. Written inline, `Tick{seq, "ABC"}` cost 2 ns in one benchmark function, where GCC built
// the string in place, and 8.5 ns in another, where it called the string's constructor, strlen and
// memcpy; which one depended on the rest of the function, and moved from build to build.
[[gnu::noinline]] Tick make_tick(std::int64_t seq) { return Tick{seq, "ABC"}; }

void BM_Baseline_FunctionLoop(benchmark::State& state) {
  std::int64_t sum = 0;
  std::vector<std::function<void(const Tick&)>> handlers;
  for (int i = 0; i < state.range(0); ++i) handlers.emplace_back([&sum](const Tick& t) { sum += t.seq; });
  std::int64_t seq = 0;
  for (auto _ : state) {
    Tick tick = make_tick(++seq);
    for (auto& h : handlers) h(tick);
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_FunctionLoop)->Arg(1)->Arg(8);

void BM_AvxBus_Publish(benchmark::State& state) {
  std::int64_t sum = 0;
  avx::events::EventBus bus;
  std::vector<avx::events::Subscription> subs;
  for (int i = 0; i < state.range(0); ++i) {
    subs.push_back(bus.subscribe<Tick>([&sum](const avx::events::Envelope<Tick>& e) { sum += e.event.seq; }));
  }
  std::int64_t seq = 0;
  for (auto _ : state) bus.publish(make_tick(++seq));
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AvxBus_Publish)->Arg(0)->Arg(1)->Arg(8);

// The least any bus with this API does per publish, whatever its design: build the Envelope<Tick>
// (the event moved in, a fresh Metadata of 264 bytes: five strings and a map), stamp it (an id
// and the coarse time), hand it to N std::functions, destroy it. No subscriber list, no counts,
// no thread safety: the ceiling BM_AvxBus_Publish/N can approach.
void BM_Floor_EnvelopeToFunctions(benchmark::State& state) {
  std::int64_t sum = 0;
  std::vector<std::function<void(const avx::events::Envelope<Tick>&)>> handlers;
  for (int i = 0; i < state.range(0); ++i) {
    handlers.emplace_back([&sum](const avx::events::Envelope<Tick>& e) { sum += e.event.seq; });
  }
  std::int64_t seq = 0;
  for (auto _ : state) {
    avx::events::Envelope<Tick> envelope{make_tick(++seq), avx::events::detail::fresh_metadata()};
    avx::events::stamp(envelope.metadata, Tick::kType, avx::events::Clock::kCoarse);
    for (auto& h : handlers) h(envelope);
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Floor_EnvelopeToFunctions)->Arg(1)->Arg(8);

// What counting a publish (avx_events_published_total) may cost at most: one relaxed atomic add.
void BM_Baseline_RelaxedAdd(benchmark::State& state) {
  std::atomic<std::uint64_t> counter{0};
  for (auto _ : state) counter.fetch_add(1, std::memory_order_relaxed);
  benchmark::DoNotOptimize(counter.load());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_RelaxedAdd);

// One publisher thread, one subscriber draining its queue on an executor thread. The clock stops
// when the last event has been handled.
void BM_AvxBus_Async(benchmark::State& state) {
  asio::io_context io;
  auto work = asio::make_work_guard(io);
  std::thread runner([&] { io.run(); });
  avx::events::EventBus bus;
  std::atomic<std::int64_t> handled{0};
  avx::events::SubscribeOptions options{
      avx::events::AsyncDelivery{io.get_executor(), 1 << 16, avx::events::OverflowPolicy::kBlock}};
  auto sub = bus.subscribe<Tick>([&](const auto&) { handled.fetch_add(1, std::memory_order_relaxed); }, options);
  constexpr int kBatch = 10000;
  std::int64_t seq = 0, published = 0;
  for (auto _ : state) {
    for (int i = 0; i < kBatch; ++i) bus.publish(make_tick(++seq));
    published += kBatch;
    while (handled.load(std::memory_order_relaxed) < published) std::this_thread::yield();
  }
  sub.unsubscribe();
  work.reset();
  runner.join();
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_AvxBus_Async)->UseRealTime();

// A bounded single-producer single-consumer ring of Ticks, as fast as such a ring gets: head and
// tail on cache lines of their own, the producer caching the consumer's index (the design of
// rigtorp/SPSCQueue) and publishing its own in batches (publish(): every 64 events and at the end
// of a batch, as the bus's queue wakes its consumer), the consumer draining all it finds at once
// and spinning when there is nothing. No envelope, id, time, count or unsubscribe.
class SpscRing {
 public:
  explicit SpscRing(std::size_t capacity) : slots_(capacity + 1) {}

  // Room permitting, stores `tick`; the consumer sees it after the next publish().
  bool push(Tick&& tick) {
    const std::size_t next = local_tail_ + 1 == slots_.size() ? 0 : local_tail_ + 1;
    if (next == head_cache_) {
      publish();  // the consumer may be waiting for what is not yet published
      head_cache_ = head_.load(std::memory_order_acquire);
      if (next == head_cache_) return false;
    }
    slots_[local_tail_] = std::move(tick);
    local_tail_ = next;
    return true;
  }
  void publish() { tail_.store(local_tail_, std::memory_order_release); }
  // Hands every Tick there is to `f`, then frees their slots at once (one store for the batch, so
  // the producer's cache line is not pulled on every event). Returns how many.
  template <class F>
  std::size_t drain(F&& f) {
    std::size_t head = head_.load(std::memory_order_relaxed);
    const std::size_t tail = tail_.load(std::memory_order_acquire);
    std::size_t n = 0;
    for (; head != tail; ++n) {
      f(slots_[head]);
      head = head + 1 == slots_.size() ? 0 : head + 1;
    }
    if (n != 0) head_.store(head, std::memory_order_release);
    return n;
  }

 private:
  std::vector<Tick> slots_;
  alignas(64) std::atomic<std::size_t> head_{0};  // the consumer's line
  alignas(64) std::atomic<std::size_t> tail_{0};  // the producer's line
  std::size_t head_cache_ = 0;
  std::size_t local_tail_ = 0;  // pushed; tail_ is what the consumer may see
};

// BM_AvxBus_Async's work through the raw ring: the same Ticks, batches, handler and wait.
void BM_Baseline_SpscRing(benchmark::State& state) {
  SpscRing ring(1 << 16);
  std::atomic<std::int64_t> handled{0};
  std::atomic<bool> stop{false};
  std::thread consumer([&] {
    while (!stop.load(std::memory_order_relaxed)) {
      Tick tick;
      if (ring.drain([&](Tick& t) {
            tick = std::move(t);
            handled.fetch_add(1, std::memory_order_relaxed);
          }) == 0) {
        __builtin_ia32_pause();
      }
    }
  });
  constexpr int kBatch = 10000;
  std::int64_t seq = 0, published = 0;
  for (auto _ : state) {
    for (int i = 0; i < kBatch; ++i) {
      while (!ring.push(make_tick(++seq))) __builtin_ia32_pause();
      if (i % 64 == 63) ring.publish();
    }
    ring.publish();
    published += kBatch;
    while (handled.load(std::memory_order_relaxed) < published) std::this_thread::yield();
  }
  stop = true;
  consumer.join();
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_Baseline_SpscRing)->UseRealTime();

// The publisher's side of asynchronous delivery alone (the executor never runs; the oldest event
// is dropped): what BM_AvxBus_Async costs the publishing thread.
void BM_AvxBus_AsyncEnqueue(benchmark::State& state) {
  asio::io_context io;
  avx::events::EventBus bus;
  avx::events::SubscribeOptions options{
      avx::events::AsyncDelivery{io.get_executor(), 4096, avx::events::OverflowPolicy::kDropOldest}};
  auto sub = bus.subscribe<Tick>([&](const auto&) {}, options);
  std::int64_t seq = 0;
  for (auto _ : state) bus.publish(make_tick(++seq));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AvxBus_AsyncEnqueue);

// Subscribing and unsubscribing one handler beside N others, against a plain list of
// std::functions under a mutex. The bus copies its subscriber list on every change (publishers
// read it without a lock) and, before freeing the old list, waits for readers (membarrier(2));
// unsubscribe also waits for the handler's running calls.
void BM_AvxBus_SubscribeUnsubscribe(benchmark::State& state) {
  avx::events::EventBus bus;
  std::vector<avx::events::Subscription> others;
  for (int i = 0; i < state.range(0); ++i) others.push_back(bus.subscribe<Tick>([](const auto&) {}));
  for (auto _ : state) {
    auto sub = bus.subscribe<Tick>([](const auto&) {});
    sub.unsubscribe();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AvxBus_SubscribeUnsubscribe)->Arg(0)->Arg(10)->Arg(1000);

void BM_Baseline_MutexListSubscribeUnsubscribe(benchmark::State& state) {
  std::mutex mutex;
  std::vector<std::pair<int, std::function<void(const Tick&)>>> handlers;
  int next = 0;
  for (int i = 0; i < state.range(0); ++i) handlers.emplace_back(next++, [](const Tick&) {});
  for (auto _ : state) {
    int id = 0;
    {
      std::lock_guard lock(mutex);
      id = next++;
      handlers.emplace_back(id, [](const Tick&) {});
    }
    std::lock_guard lock(mutex);
    std::erase_if(handlers, [&](const auto& h) { return h.first == id; });
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_MutexListSubscribeUnsubscribe)->Arg(0)->Arg(10)->Arg(1000);

}  // namespace

BENCHMARK_MAIN();
