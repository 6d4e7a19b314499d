// The command bus against calling the handler directly, and request/reply round trips through the
// requester's thread pool, in the same binary.
//
//   bazel run -c opt //tests/bench:cqrs_bench -- --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include <algorithm>
#include <chrono>
#include <vector>

#include <benchmark/benchmark.h>

#include <avx/events.h>
#include <avx/events/instruments.h>
#include <avx/events/metrics_registry.h>

#include "tests/schemas/orders.avx.h"

namespace {

using namespace std::chrono_literals;
using avx::events::DispatchContext;
using avx::events::Done;
using avx::events::Result;
using tests::orders::GetOrder;
using tests::orders::NotifyCustomer;
using tests::orders::OrderView;

class Notify final : public tests::orders::NotifyCustomerHandler {
 public:
  Result<Done> handle(const NotifyCustomer& c, const DispatchContext&) override {
    sent += c.text.size();
    return Done{};
  }
  std::size_t sent = 0;
};

// What a user would write without a bus: a virtual call on the handler, with a context.
void BM_Baseline_DirectCall(benchmark::State& state) {
  Notify notify;
  tests::orders::NotifyCustomerHandler* handler = &notify;
  NotifyCustomer command{"c-1", "hello"};
  DispatchContext context{"correlation", avx::events::EventId::generate(), {}};
  for (auto _ : state) {
    benchmark::DoNotOptimize(handler);  // a real virtual call: the compiler cannot see the type
    benchmark::DoNotOptimize(&command);
    auto r = handler->handle(command, context);
    benchmark::DoNotOptimize(r);
  }
  benchmark::DoNotOptimize(notify.sent);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_DirectCall);

// Dispatch through the bus: handler lookup, a fresh message id, the (empty) middleware chain.
// With no correlation id given (the default), the message id is also formatted as one. Metered:
// with the service's dispatch_meters() middleware (a counter and a histogram per dispatch).
void dispatch_loop(benchmark::State& state, bool with_correlation_id, bool metered = false) {
  Notify notify;
  avx::events::CommandBus commands;
  avx::events::metrics::Registry registry;
  if (metered) commands.use(avx::events::service::dispatch_meters(registry));
  if (!route(commands, notify)) state.SkipWithError("route failed");
  NotifyCustomer command{"c-1", "hello"};
  for (auto _ : state) {
    benchmark::DoNotOptimize(&command);
    auto r = with_correlation_id ? commands.dispatch(command, "correlation") : commands.dispatch(command);
    benchmark::DoNotOptimize(r);
  }
  benchmark::DoNotOptimize(notify.sent);
  state.SetItemsProcessed(state.iterations());
}

void BM_AvxCommandBus_Dispatch(benchmark::State& state) { dispatch_loop(state, true); }
BENCHMARK(BM_AvxCommandBus_Dispatch);

void BM_AvxCommandBus_DispatchDefaultIds(benchmark::State& state) { dispatch_loop(state, false); }
BENCHMARK(BM_AvxCommandBus_DispatchDefaultIds);

void BM_AvxCommandBus_DispatchMetered(benchmark::State& state) { dispatch_loop(state, true, true); }
BENCHMARK(BM_AvxCommandBus_DispatchMetered);

// One request at a time: post to the pool, run the handler, complete through the strand, wake the
// caller. p50 and p99 of the round trip are counters.
void BM_AvxRequestReply_RoundTrip(benchmark::State& state) {
  avx::events::CommandBus commands;
  avx::events::QueryBus queries;
  if (!queries.handle<GetOrder>([](const GetOrder& q, const DispatchContext&) -> Result<OrderView> {
        return OrderView{q.order_id, {}, {}};
      })) {
    state.SkipWithError("handle failed");
  }
  avx::events::Requester requester(commands, queries, 2);
  std::vector<double> micros;
  micros.reserve(1 << 20);
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    auto reply = requester.request(GetOrder{"o-1"}, 1s).get();
    micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    if (!reply) state.SkipWithError(reply.error().message().c_str());
  }
  std::sort(micros.begin(), micros.end());
  auto at = [&](double q) { return micros.empty() ? 0.0 : micros[static_cast<std::size_t>(q * (micros.size() - 1))]; };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AvxRequestReply_RoundTrip)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
