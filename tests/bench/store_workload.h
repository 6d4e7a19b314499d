#pragma once

// What the store benchmarks (SQLite, PostgreSQL) write and read alike: batches of events with a
// 64-byte payload, a store filled with generated OrderPlaced events, and a replay of `$all` that
// decodes (and upcasts) every event through the generated registry.

#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <avx/events.h>

#include "tests/schemas/orders.avx.h"

namespace avx::bench {

inline const std::string kPayload(64, 'x');

inline std::vector<events::EventData> batch(std::int64_t n, const std::string& payload = kPayload) {
  std::vector<events::EventData> out(static_cast<std::size_t>(n));
  for (auto& e : out) {
    e.event_id = events::EventId::generate();
    e.type = "bench.Tick";
    e.payload = payload;
    e.timestamp = events::now();
  }
  return out;
}

// `events` OrderPlaced events in batches of 1000, each batch a stream; stored as version 1 (to be
// upcast on reading) or 2.
inline void fill_orders(events::EventStore& store, int events, bool old_version) {
  const std::string payload = old_version
                                  ? events::encode(tests::orders::OrderPlacedV1{"o-1", "c-1", {}, {100, {}}})
                                  : events::encode(tests::orders::OrderPlaced{"o-1", "c-1", {}, {100, {}}});
  for (int done = 0; done < events; done += 1000) {
    auto b = batch(1000, payload);
    for (auto& e : b) {
      e.type = std::string(tests::orders::OrderPlaced::kType);
      e.schema_version = old_version ? 1 : 2;
    }
    (void)store.append("s-" + std::to_string(done), events::ExpectedVersion::any(), b);
  }
}

// Reads every event of `$all` in pages of 4096 and decodes it as today's OrderPlaced.
inline void replay_orders(benchmark::State& state, events::EventStore& store) {
  events::TypeRegistry registry;
  tests::orders::register_types(registry);
  std::int64_t read = 0, cents = 0;
  for (auto _ : state) {
    auto cursor = events::EventCursor::all(store, 1, 4096);
    do {
      if (auto next = cursor.next(); !next) state.SkipWithError(next.error().message().c_str());
      for (const auto& e : cursor.page()) {
        auto placed = registry.read<tests::orders::OrderPlaced>(e);
        if (!placed) state.SkipWithError(placed.error().message().c_str());
        cents += placed->total.amount_cents;
      }
      read += static_cast<std::int64_t>(cursor.page().size());
    } while (!cursor.caught_up());
  }
  benchmark::DoNotOptimize(cents);
  state.SetItemsProcessed(read);
}

}  // namespace avx::bench
