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
//
// Deliveries are counted per list, not per slot, when they can be: a publish in which every slot
// was called directly and returned adds one to its list's count, which each of its slots adds to
// its own (Slot::count_through); any other publish counts slot by slot.

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
  // The common publish (every slot active and called directly, every handler returns) counts
  // once, on the list, instead of once per slot; anything else finishes in publish_rest.
  Fanout publish(const void* envelope, ReaderRecord& record) {
    Delivery delivery(record, *this);
    const Snapshot& list = *current_.load(kReaderLoad);
    if (!delivery.plain()) [[unlikely]] return publish_rest(list, 0, false, envelope, record, delivery.index());
    const Entry* begin = list.entries.data();
    const Entry* end = begin + list.entries.size();
    const Stop stop = call_directly(begin, end, envelope, delivery.plain_calls());
    if (stop.at == end) [[likely]] {
      list.calls.add(record);
      return {list.entries.size(), 0};
    }
    const std::size_t next = static_cast<std::size_t>(stop.at - begin) + (stop.threw ? 1 : 0);
    return publish_rest(list, next, stop.threw, envelope, record, delivery.index());
  }

  // Every publish of the channel's type counts here, subscribed or not, on the publishing
  // thread's record (ChannelTable::counted, through the counter's id); published() sums them
  // (EventBus::published_counts(), the avx_events_published_total metric).
  std::uint32_t published_counter() const { return published_.id(); }
  std::uint64_t published() const { return published_.value(); }
  // The event type's kType (static storage), or empty when the channel was made without one.
  std::string_view type() const { return type_; }

  // Safe without being a reader: never dereferences a snapshot a writer may be freeing.
  bool empty() const { return size_.load(std::memory_order_acquire) == 0; }

 private:
  // One immutable subscriber list. `calls` counts the publishes through it in which every slot
  // was called directly and returned: a delivery of each of them (Slot::count_through), so the
  // common publish adds one count, not one per slot.
  struct Entry {
    Slot* slot;
    Slot::DirectCall call;  // null: slot->deliver() counts itself
  };
  struct Snapshot {
    explicit Snapshot(std::vector<std::shared_ptr<Slot>> slots);
    ~Snapshot();  // its count stays with the slots (Slot::fold)
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;

    std::vector<std::shared_ptr<Slot>> slots;
    std::vector<Entry> entries;  // slots', in order
    Counter calls;
  };

  // Calls the entries from `e` on while each is active, has a direct call and returns. Returns
  // `end`, or where it stopped and whether that entry's handler threw. A function of its own, so
  // that what the loop keeps across the handler's call fits in callee-saved registers: a value
  // spilled to the stack and reloaded after every call costs more than the call on some CPUs.
  struct Stop {
    const Entry* at;
    bool threw;
  };
  [[gnu::noinline]] static Stop call_directly(const Entry* e, const Entry* end, const void* envelope,
                                              ReaderRecord::PlainCalls calls) noexcept;

  // Finishes a publish from entry `next` on, counting per slot: the entries before it were called
  // and, but for the last one when `threw`, returned. Announces its calls in the publish's entry.
  [[gnu::noinline]] Fanout publish_rest(const Snapshot& list, std::size_t next, bool threw, const void* envelope,
                                        ReaderRecord& record, std::uint32_t entry);
  std::vector<std::unique_ptr<const Snapshot>> replace_locked(std::unique_ptr<const Snapshot> next);
  void reclaim(std::vector<std::unique_ptr<const Snapshot>> done);

  std::string_view type_;
  Counter published_;
  std::atomic<const Snapshot*> current_;
  std::atomic<std::size_t> size_{0};

  std::mutex writer_mutex_;  // serializes writers, never held while waiting; readers never take it
  std::unique_ptr<const Snapshot> owned_current_;
  std::vector<std::unique_ptr<const Snapshot>> retired_;
};

}  // namespace avx::events::detail
