#pragma once

// The subscribers of one event type on one bus.
//
// Publishing reads an immutable snapshot of the subscriber list without a lock or any
// read-modify-write: the publishing thread announces in its ReaderRecord that it is reading this
// channel (plain stores; readers.h). A writer (subscribe/unsubscribe) installs a new snapshot
// under a short mutex, then frees the old ones once no other thread is still reading them. A
// writer running inside a handler does not wait: it leaves old snapshots for a later writer or
// the destructor. That a removed handler no longer runs is the slot's guarantee
// (Slot::deactivate), not the channel's.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "avx/events/detail/readers.h"
#include "avx/events/detail/slot.h"

namespace avx::events::detail {

class Channel : public Tracked {
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
  Fanout publish(const void* envelope, ReaderRecord& record) {
    Delivery delivery(record, *this);
    const List* list = current_.load(kReaderLoad);
    Fanout out;
    for (const auto& slot : *list) {
      if (!delivery.call(*slot)) continue;
      if (slot->deliver(envelope, record)) {
        ++out.delivered;
      } else {
        ++out.rejected;
      }
    }
    return out;
  }

  // Every publish of the channel's type counts here, subscribed or not, on the publishing
  // thread's record; published() sums them (EventBus::published_counts(), the
  // avx_events_published_total metric).
  void count_published(ReaderRecord& record) { published_.add(record); }
  std::uint64_t published() const { return published_.value(); }
  // The event type's kType (static storage), or empty when the channel was made without one.
  std::string_view type() const { return type_; }

  // Safe without being a reader: never dereferences a snapshot a writer may be freeing.
  bool empty() const { return size_.load(std::memory_order_acquire) == 0; }

 private:
  std::vector<std::unique_ptr<const List>> replace_locked(std::unique_ptr<const List> next);
  void reclaim(std::vector<std::unique_ptr<const List>> done);

  std::string_view type_;
  Counter published_;
  std::atomic<const List*> current_;
  std::atomic<std::size_t> size_{0};

  std::mutex writer_mutex_;  // serializes writers, never held while waiting; readers never take it
  std::unique_ptr<const List> owned_current_;
  std::vector<std::unique_ptr<const List>> retired_;
};

}  // namespace avx::events::detail
