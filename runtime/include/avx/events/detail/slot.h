#pragma once

// One subscriber inside a channel: type-erased, with its counters. Delivery never lets an
// exception escape; a throwing handler is counted and the others still run.

#include <atomic>
#include <cstdint>

namespace avx::events {

struct SubscriptionStats {
  std::uint64_t delivered = 0;  // handler calls that returned normally
  std::uint64_t failed = 0;     // handler calls that threw
  std::uint64_t dropped = 0;    // events dropped by a full queue (drop-oldest or fail): the lag
  std::uint64_t queued = 0;     // events waiting in an async subscriber's queue now
};

namespace detail {

class Slot {
 public:
  virtual ~Slot() = default;

  // `envelope` points to an Envelope<T> of the channel's type. Returns false when the event was
  // rejected (a full queue under OverflowPolicy::kFail).
  virtual bool deliver(const void* envelope) = 0;

  // After this returns, no call of the handler is running (except on the calling thread, when it
  // is the handler itself) and none will start.
  virtual void deactivate() { active_.store(false, std::memory_order_release); }

  bool active() const { return active_.load(std::memory_order_acquire); }
  virtual SubscriptionStats stats() const;

 protected:
  // Runs fn(), counting success or an exception. Returns false when fn threw.
  template <class Fn>
  bool invoke(Fn&& fn) noexcept {
    try {
      fn();
      delivered_.fetch_add(1, std::memory_order_relaxed);
      return true;
    } catch (...) {
      failed_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
  }

  std::atomic<bool> active_{true};
  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> failed_{0};
};

}  // namespace detail
}  // namespace avx::events
