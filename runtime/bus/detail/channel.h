#pragma once

// The subscribers of one event type on one bus.
//
// Publishing reads an immutable snapshot of the subscriber list without taking a lock: two
// counters (by epoch parity) tell writers which readers may still hold an old snapshot. A writer
// (subscribe/unsubscribe) installs a new snapshot under a short mutex, then frees old ones after a
// grace period in which both parities drained, as userspace RCU does. A writer running inside a
// handler does not wait: it leaves old snapshots for a later writer or the destructor. That a
// removed handler no longer runs is the slot's guarantee (Slot::deactivate), not the channel's.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "avx/events/detail/slot.h"

namespace avx::events::detail {

class Channel {
 public:
  using List = std::vector<std::shared_ptr<Slot>>;

  explicit Channel(std::string_view type = {});
  ~Channel();
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  void add(std::shared_ptr<Slot> slot);
  void remove(const Slot* slot);

  // Calls deliver on every active slot. Returns {delivered, rejected} slot counts.
  struct Fanout {
    std::size_t delivered = 0;
    std::size_t rejected = 0;
  };
  Fanout publish(const void* envelope);

  // Every publish of the channel's type counts here, subscribed or not: one relaxed add, read by
  // EventBus::published_counts() (the avx_events_published_total metric).
  void count_published() { published_.fetch_add(1, std::memory_order_relaxed); }
  std::uint64_t published() const { return published_.load(std::memory_order_relaxed); }
  // The event type's kType (static storage), or empty when the channel was made without one.
  std::string_view type() const { return type_; }

  // Safe without being a reader: never dereferences a snapshot a writer may be freeing.
  bool empty() const { return size_.load(std::memory_order_acquire) == 0; }

 private:
  class ReadGuard;
  static bool inside_delivery();
  std::vector<std::unique_ptr<const List>> replace_locked(std::unique_ptr<const List> next);
  void reclaim(std::vector<std::unique_ptr<const List>> done);

  std::string_view type_;
  std::atomic<const List*> current_;
  std::atomic<std::size_t> size_{0};
  std::atomic<std::uint64_t> epoch_{0};
  std::atomic<std::int64_t> readers_[2] = {0, 0};
  alignas(64) std::atomic<std::uint64_t> published_{0};  // apart from the readers' counters

  std::mutex writer_mutex_;  // serializes writers, never held while waiting; readers never take it
  std::mutex grace_mutex_;   // serializes grace periods; never taken inside a delivery
  std::unique_ptr<const List> owned_current_;
  std::vector<std::unique_ptr<const List>> retired_;
};

}  // namespace avx::events::detail
