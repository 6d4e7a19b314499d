#pragma once

// One subscriber inside a channel: type-erased, with its counters. Delivery never lets an
// exception escape; a throwing handler is counted and the others still run.

#include <atomic>
#include <cstdint>

#include "avx/events/detail/readers.h"
#include "avx/events/subscription_stats.h"

namespace avx::events {
namespace detail {

// Tracked: a thread calling the handler announces it in its ReaderRecord, so that deactivate()
// can wait for the calls on other threads.
class Slot : public Tracked {
 public:
  Slot() : counter_(acquire_counter()), base_(sum_counter(counter_)) {}
  virtual ~Slot() { release_counter(counter_); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

  // `envelope` points to an Envelope<T> of the channel's type. Returns false when the event was
  // rejected (a full queue under OverflowPolicy::kFail).
  virtual bool deliver(const void* envelope) = 0;

  // After this returns, no call of the handler is running (except on the calling thread, when it
  // is the handler itself, or a handler it called) and none will start. It waits for calls on
  // other threads: a handler that deactivates another slot whose handler deactivates the first,
  // each on its own thread, waits forever, as with any API that gives this guarantee.
  virtual void deactivate() {
    active_.store(false, std::memory_order_seq_cst);
    wait_for_calls();
  }

  bool active() const { return active_.load(std::memory_order_acquire); }
  virtual SubscriptionStats stats() const;

  // True while this thread runs a handler (of any slot of any bus).
  static bool inside_delivery() { return current_reader_record != nullptr && current_reader_record->calls > 0; }

 protected:
  // A call of this slot's handler in progress on this thread (one event, or an async batch):
  // announced in the thread's record before the handler may run, then active_ is read. The
  // deactivating thread stores active_, then (after a barrier on every thread) reads the records,
  // so either this call sees the slot inactive or deactivate() waits for it.
  class Call {
   public:
    [[gnu::always_inline]] explicit Call(Slot& slot)
        : record_(this_thread_record()), slot_(slot), announced_(record_.enter(slot)) {
      ++record_.calls;
      entered_ = slot_.active_.load(kReaderLoad);
    }
    [[gnu::always_inline]] ~Call() {
      --record_.calls;
      record_.leave(slot_, announced_);
    }
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;
    // False when the slot was deactivated first: then the handler must not run.
    bool entered() const { return entered_; }
    ReaderRecord& record() const { return record_; }

   private:
    ReaderRecord& record_;
    Slot& slot_;
    bool announced_;
    bool entered_ = false;
  };

  // Runs fn() (the handler, inside `call`), counting success on this thread's record or an
  // exception on the slot. Returns false when fn threw.
  template <class Fn>
  bool run_counted(const Call& call, Fn&& fn) noexcept {
    try {
      fn();
      call.record().add(counter_);
      return true;
    } catch (...) {
      failed_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
  }

  // One event: runs fn() as a call of the handler, unless the slot was deactivated.
  template <class Fn>
  bool invoke(Fn&& fn) noexcept {
    Call call(*this);
    return call.entered() ? run_counted(call, std::forward<Fn>(fn)) : true;
  }

  // Waits until the only calls of this handler still running are the calling thread's own.
  void wait_for_calls() const { wait_for_other_threads(*this); }

  std::atomic<bool> active_{true};
  std::atomic<std::uint64_t> failed_{0};
  const std::uint32_t counter_;  // handler calls that returned, per thread (ReaderRecord::add)
  const std::uint64_t base_;     // what earlier holders of counter_ left in it
};

}  // namespace detail
}  // namespace avx::events
