#pragma once

// One subscriber inside a channel: type-erased, with its counters. Delivery never lets an
// exception escape; a throwing handler is counted and the others still run.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

#include "avx/events/detail/readers.h"
#include "avx/events/subscription_stats.h"

namespace avx::events {
namespace detail {

// Tracked: a thread calling the handler announces it in its ReaderRecord (Delivery, below), so
// that deactivate() can wait for the calls on other threads.
class Slot : public Tracked {
 public:
  // Calls the handler with `envelope`, without counting a return (the caller does): false when
  // it threw (counted in failed). A slot that has one is called through it by channels, which
  // count the returns of a whole publish at once (Channel::Snapshot).
  using DirectCall = bool (*)(Slot& slot, const void* envelope) noexcept;

  Slot() = default;
  explicit Slot(DirectCall call) : direct_call_(call) {}
  virtual ~Slot() = default;
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

  // `envelope` points to an Envelope<T> of the channel's type; the call was announced and the
  // slot found active (Delivery::call). Returns false when the event was rejected (a full queue
  // under OverflowPolicy::kFail). Calls the direct call and counts its return; a slot without one
  // (asynchronous) overrides this.
  virtual bool deliver(const void* envelope, ReaderRecord& record) {
    if (direct_call_(*this, envelope)) delivered_.add(record);
    return true;
  }

  // After this returns, no call of the handler is running (except on the calling thread, when it
  // is the handler itself, or a handler it called) and none will start. It waits for calls on
  // other threads: a handler that deactivates another slot whose handler deactivates the first,
  // each on its own thread, waits forever, as with any API that gives this guarantee.
  virtual void deactivate() {
    active_.store(false, std::memory_order_seq_cst);
    wait_for_calls(*this);
  }

  // Read after announcing a call: see Delivery::call.
  bool active() const { return active_.load(kReaderLoad); }
  virtual SubscriptionStats stats() const;

  DirectCall direct_call() const { return direct_call_; }
  // One call of the handler returned, counted by whoever called it (a channel's slow path).
  void count_delivered(ReaderRecord& record) { delivered_.add(record); }

  // Every count of `calls` (publishes in which this slot's handler was called and returned, as
  // counted by a channel's subscriber list) is also a delivery of this slot: from now until
  // fold(calls), when the list goes and its final value stays with the slot.
  void count_through(const Counter& calls);
  void fold(const Counter& calls);

 protected:
  // Runs fn() (the handler), counting an exception on the slot. Returns false when fn threw.
  template <class Fn>
  bool run_guarded(Fn&& fn) noexcept {
    try {
      fn();
      return true;
    } catch (...) {
      failed_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
  }
  // The same, counting a return on this thread's record.
  template <class Fn>
  bool run_counted(ReaderRecord& record, Fn&& fn) noexcept {
    if (!run_guarded(std::forward<Fn>(fn))) return false;
    delivered_.add(record);
    return true;
  }

  std::atomic<bool> active_{true};
  std::atomic<std::uint64_t> failed_{0};

 private:
  const DirectCall direct_call_ = nullptr;
  Counter delivered_;  // handler calls that returned, counted one by one

  mutable std::mutex lists_mutex_;
  std::vector<const Counter*> lists_;  // the live lists that count for this slot (count_through)
  std::uint64_t folded_ = 0;           // what lists that are gone counted
};

// The announced calls within one entry of a thread's record (see Delivery): a delivery's own, or
// those of a slow path that carries on a delivery's entry (Channel::publish_rest), so that the
// Delivery itself never has its address taken and stays in registers.
class Calls {
 public:
  [[gnu::always_inline]] Calls(ReaderRecord& record, std::uint32_t index) : record_(record), index_(index) {}
  [[gnu::always_inline]] ~Calls() {
    if (overflow_call_ != nullptr) [[unlikely]] record_.end_overflow_call(*overflow_call_);
  }
  Calls(const Calls&) = delete;
  Calls& operator=(const Calls&) = delete;

  // True when `slot` may be called now; it counts as running until the next call() or the end of
  // the entry.
  [[gnu::always_inline]] bool call(Slot& slot) {
    if (overflow_call_ != nullptr) [[unlikely]] {
      record_.end_overflow_call(*overflow_call_);
      overflow_call_ = nullptr;
    }
    if (!record_.calling(index_, slot)) [[unlikely]] overflow_call_ = &slot;
    return slot.active();
  }

 private:
  ReaderRecord& record_;
  const std::uint32_t index_;
  Tracked* overflow_call_ = nullptr;
};

// One delivery on this thread: it reads `source` (a channel's subscriber list; a router's routes;
// an async slot's batch) and calls slots one after another. Each call is announced in the
// thread's record before the slot's active flag is read; deactivate() stores the flag before
// reading the records (with a barrier on every thread between): either the call sees the slot
// inactive, or deactivate() sees the call and waits for it.
class Delivery {
 public:
  [[gnu::always_inline]] Delivery(ReaderRecord& record, Tracked& source)
      : entry_(record, source), calls_(record, entry_.index) {}
  [[gnu::always_inline]] ~Delivery() {}  // (not = default: that one is not always inlined)
  Delivery(const Delivery&) = delete;
  Delivery& operator=(const Delivery&) = delete;

  // True when `slot` may be called now; it counts as running until the next call() or the end of
  // the delivery.
  [[gnu::always_inline]] bool call(Slot& slot) { return calls_.call(slot); }

  // True when plain_calls() may announce every call of this delivery: its entry is on the
  // record's stack and the thread need not fence (membarrier works).
  [[gnu::always_inline]] bool plain() const {
    return entry_.index < ReaderRecord::kEntries && !readers_must_fence.load(std::memory_order_relaxed);
  }
  // When plain(): announces a call with one store (then read Slot::active, as call() does).
  ReaderRecord::PlainCalls plain_calls() const { return entry_.record.plain_calls(entry_.index); }

  // The entry, for Calls that carry on this delivery (before it ends).
  std::uint32_t index() const { return entry_.index; }

 private:
  struct Entry {
    [[gnu::always_inline]] Entry(ReaderRecord& r, Tracked& s) : record(r), source(s), index(r.enter(s)) {}
    [[gnu::always_inline]] ~Entry() { record.leave(index, source); }
    ReaderRecord& record;
    Tracked& source;
    const std::uint32_t index;
  };
  Entry entry_;  // declared first: left after calls_ has ended its calls
  Calls calls_;
};

}  // namespace detail
}  // namespace avx::events
