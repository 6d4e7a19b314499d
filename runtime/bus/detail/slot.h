#pragma once

// One subscriber inside a channel: type-erased, with its counters. Delivery never lets an
// exception escape; a throwing handler is counted and the others still run.

#include <atomic>
#include <cstdint>

#include "avx/events/subscription_stats.h"

namespace avx::events {
namespace detail {

class Slot;

// The handler calls running on this thread, innermost first (they nest when a handler publishes),
// so that a slot deactivated from inside its own handler does not wait for itself.
struct CallFrame {
  const Slot* slot;
  CallFrame* outer;
};
CallFrame*& call_frames();

class Slot {
 public:
  virtual ~Slot() = default;

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

 protected:
  // A call of this slot's handler in progress on this thread (one event, or an async batch):
  // announced before the handler may run, so deactivate() waits for it. Announce, then look at
  // active_ (both seq_cst): deactivate() stores active_, then reads calls_, so either this call
  // sees the slot inactive or deactivate() waits for it.
  class Call {
   public:
    explicit Call(Slot& slot) : slot_(slot), frame_{&slot, call_frames()} {
      slot_.calls_.fetch_add(1, std::memory_order_seq_cst);
      entered_ = slot_.active_.load(std::memory_order_seq_cst);
      call_frames() = &frame_;
    }
    ~Call() {
      call_frames() = frame_.outer;
      slot_.calls_.fetch_sub(1, std::memory_order_release);
    }
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;
    // False when the slot was deactivated first: then the handler must not run.
    bool entered() const { return entered_; }

   private:
    Slot& slot_;
    CallFrame frame_;
    bool entered_ = false;
  };

  // Runs fn() (the handler, inside a Call), counting success or an exception. Returns false when
  // fn threw.
  template <class Fn>
  bool run_counted(Fn&& fn) noexcept {
    try {
      fn();
      delivered_.fetch_add(1, std::memory_order_relaxed);
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
    return call.entered() ? run_counted(std::forward<Fn>(fn)) : true;
  }

  // Waits until the only calls of this handler still running are the calling thread's own.
  void wait_for_calls() const;

  std::atomic<bool> active_{true};
  std::atomic<std::int64_t> calls_{0};
  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> failed_{0};
};

}  // namespace detail
}  // namespace avx::events
