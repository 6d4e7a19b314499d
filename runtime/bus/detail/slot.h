#pragma once

// One subscriber inside a channel: type-erased, with its counters. Delivery never lets an
// exception escape; a throwing handler is counted and the others still run.

#include <atomic>
#include <cstdint>

#include "avx/events/detail/readers.h"
#include "avx/events/subscription_stats.h"

namespace avx::events {
namespace detail {

// Tracked: a thread calling the handler announces it in its ReaderRecord (Delivery, below), so
// that deactivate() can wait for the calls on other threads.
class Slot : public Tracked {
 public:
  Slot() = default;
  virtual ~Slot() = default;
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

  // `envelope` points to an Envelope<T> of the channel's type; the call was announced and the
  // slot found active (Delivery::call). Returns false when the event was rejected (a full queue
  // under OverflowPolicy::kFail).
  virtual bool deliver(const void* envelope, ReaderRecord& record) = 0;

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

 protected:
  // Runs fn() (the handler), counting success on this thread's record or an exception on the
  // slot. Returns false when fn threw.
  template <class Fn>
  bool run_counted(ReaderRecord& record, Fn&& fn) noexcept {
    try {
      fn();
      delivered_.add(record);
      return true;
    } catch (...) {
      failed_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
  }

  std::atomic<bool> active_{true};
  std::atomic<std::uint64_t> failed_{0};
  Counter delivered_;  // handler calls that returned
};

// One delivery on this thread: it reads `source` (a channel's subscriber list; a router's routes;
// an async slot's batch) and calls slots one after another. Each call is announced in the
// thread's record before the slot's active flag is read; deactivate() stores the flag before
// reading the records (with a barrier on every thread between): either the call sees the slot
// inactive, or deactivate() sees the call and waits for it.
class Delivery {
 public:
  [[gnu::always_inline]] Delivery(ReaderRecord& record, Tracked& source)
      : record_(record), source_(source), index_(record.enter(source)) {}
  [[gnu::always_inline]] ~Delivery() {
    if (overflow_call_ != nullptr) [[unlikely]] record_.end_overflow_call(*overflow_call_);
    record_.leave(index_, source_);
  }
  Delivery(const Delivery&) = delete;
  Delivery& operator=(const Delivery&) = delete;

  // True when `slot` may be called now; it counts as running until the next call() or the end of
  // the delivery.
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
  Tracked& source_;
  const std::uint32_t index_;
  Tracked* overflow_call_ = nullptr;
};

}  // namespace detail
}  // namespace avx::events
