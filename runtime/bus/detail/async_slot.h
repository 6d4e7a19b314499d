#pragma once

// The machinery of an asynchronous subscriber, compiled once: its bounded queue's policy, the
// drain task on the executor, and its counters. AsyncSlot<M, F> (typed_slots.h) adds only what
// depends on the message type: the ring of queued messages and the handler call.
//
// Events are copied into a queue and drained in order by one task at a time on the executor. The
// task takes the whole queue at once, and keeps going while events keep arriving (polling briefly
// before going idle), up to a budget after which it re-posts itself so other work on the executor
// is not starved.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "avx/events/delivery.h"
#include "avx/events/detail/adaptive_mutex.h"
#include "avx/events/detail/slot.h"

namespace avx::events::detail {

class AsyncSlotBase : public Slot, public std::enable_shared_from_this<AsyncSlotBase> {
 public:
  explicit AsyncSlotBase(AsyncDelivery options);

  bool deliver(const void* envelope) final;
  void deactivate() final;
  SubscriptionStats stats() const final;

 protected:
  // The typed queue, called with the queue's lock held: copy the message into the queue, drop
  // the oldest one, forget them all, or swap the queue with the drain task's (drained) batch.
  virtual void push(const void* envelope) = 0;
  virtual void drop_oldest() = 0;
  virtual void clear_queue() = 0;
  virtual void take_queue() = 0;
  // On the drain task, without the lock: runs the handler on the batch's first n messages.
  virtual void run_batch(std::size_t n) = 0;

 private:
  static constexpr std::size_t kBudget = 1 << 14;  // events per task before yielding the executor
  static constexpr int kIdlePolls = 4096;           // ~10-50 us of polling before going idle
  static constexpr int kBatchPolls = 256;           // how long a partial batch may wait
  static constexpr std::size_t kMinBatch = 64;

  void schedule();
  void drain();
  std::size_t take();
  bool wait_for_more() const;

  AsyncDelivery options_;
  mutable AdaptiveMutex queue_mutex_;
  std::condition_variable_any not_full_;
  std::size_t queued_ = 0;  // the queue's size, guarded by queue_mutex_
  bool scheduled_ = false;
  std::size_t blocked_publishers_ = 0;
  std::uint64_t dropped_ = 0;
  // A lower bound of queued_, readable without the lock. Last and over-aligned, so it has a cache
  // line of its own, away from the mutex the publisher writes.
  alignas(64) std::atomic<std::size_t> pending_{0};
};

}  // namespace avx::events::detail
