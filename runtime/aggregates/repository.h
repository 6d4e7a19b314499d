#pragma once

// Repository<A>: loads an aggregate from its stream (upcasting old events), saves what it recorded
// with the loaded version as the expected version, and publishes the saved events after commit.
//
//   Repository<Order> orders(store, &bus);
//   auto order = orders.load("o-1");          // Result<Order>
//   order->place(...);                         // your method: record(OrderPlaced{...})
//   auto saved = orders.save(*order);          // kConflict if someone saved in between
//   auto then = orders.load_at_version("o-1", 3);  // as it was after its third event

#include <cstdint>
#include <optional>
#include <string>

#include "avx/events/bus.h"
#include "avx/events/event_cursor.h"
#include "avx/events/store.h"

namespace avx::events {

template <class A>
class Repository {
 public:
  explicit Repository(EventStore& store, EventBus* bus = nullptr, std::size_t page_size = 512)
      : store_(store), bus_(bus), page_size_(page_size == 0 ? 1 : page_size) {}

  // A new aggregate when the stream does not exist yet. With snapshots (A::kSnapshotEvery > 0), reads
  // the latest snapshot and the events after it; a snapshot taken with another shape of the state
  // (a field added, moved, retyped: its fingerprint differs) or that no longer decodes is ignored,
  // and the whole stream is replayed.
  Result<A> load(const std::string& id) { return load_until(id, kLatest, [](const RecordedEvent&) { return true; }); }

  // Time travel, for debugging and audit: the aggregate as it was after the first `version` events
  // of its stream (all of them when the stream is shorter). Uses a snapshot only at or below it.
  Result<A> load_at_version(const std::string& id, std::uint64_t version) {
    return load_until(id, version, [version](const RecordedEvent& e) { return e.version <= version; });
  }
  // ... or as it was at time `at`: the stream's events up to the first one stamped after `at`
  // (event timestamps are the writer's clock). Replays the whole prefix: no snapshot.
  Result<A> load_at_time(const std::string& id, Timestamp at) {
    return load_until(id, 0, [at](const RecordedEvent& e) { return e.timestamp <= at; });
  }

  // Appends the pending events atomically; on success publishes them and marks them saved.
  Result<AppendResult> save(A& aggregate) {
    if (aggregate.pending().empty()) return AppendResult{aggregate.version(), 0};
    auto saved = store_.append(A::stream_name(aggregate.id()), ExpectedVersion::exact(aggregate.loaded_version()),
                               aggregate.pending());
    if (!saved) return saved;
    if (bus_ != nullptr) aggregate.publish_pending(*bus_, *saved);
    std::uint64_t before = aggregate.loaded_version();
    aggregate.mark_saved();
    if constexpr (A::kSnapshotEvery > 0) {
      // A snapshot only saves reading; the events are committed whether or not it is written.
      if (saved->version / A::kSnapshotEvery > before / A::kSnapshotEvery) {
        (void)store_.save_snapshot(aggregate.snapshot());
      }
    }
    return saved;
  }

 private:
  static constexpr std::uint64_t kLatest = ~std::uint64_t{0};

  // Replays the stream while `keep` holds; a snapshot counts only at or below `snapshot_limit`.
  template <class Keep>
  Result<A> load_until(const std::string& id, std::uint64_t snapshot_limit, Keep keep) {
    A aggregate(id);
    const std::string stream = A::stream_name(id);
    if constexpr (A::kSnapshotEvery > 0) {
      auto snapshot = snapshot_limit == 0 ? Result<std::optional<Snapshot>>(std::nullopt) : store_.load_snapshot(stream);
      if (!snapshot) return Unexpected{snapshot.error()};
      if (*snapshot && (*snapshot)->version <= snapshot_limit) {
        (void)aggregate.restore(**snapshot);  // on failure the aggregate is untouched
      }
    }
    auto cursor = EventCursor::stream(store_, stream, aggregate.version() + 1, page_size_);
    do {
      if (auto read = cursor.next(); !read) return Unexpected{read.error()};
      for (const RecordedEvent& event : cursor.page()) {
        if (!keep(event)) return aggregate;
        if (auto applied = aggregate.replay(event); !applied) return Unexpected{applied.error()};
      }
    } while (!cursor.caught_up());
    return aggregate;
  }

  EventStore& store_;
  EventBus* bus_;
  std::size_t page_size_;
};

}  // namespace avx::events
