#pragma once

// Slot implementations for a handler of a message M (an Envelope<T>, or a RawEnvelope):
// synchronous, and queued on an executor.

#include <condition_variable>
#include <vector>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

#include <asio/post.hpp>

#include "avx/events/delivery.h"
#include "avx/events/detail/adaptive_mutex.h"
#include "avx/events/detail/ring_queue.h"
#include "avx/events/detail/slot.h"
#include "avx/events/envelope.h"

namespace avx::events::detail {

template <class M, class F>
class SyncSlot final : public Slot {
 public:
  explicit SyncSlot(F handler) : Slot(&SyncSlot::call), handler_(std::move(handler)) {}

 private:
  static bool call(Slot& slot, const void* envelope) noexcept {
    auto& self = static_cast<SyncSlot&>(slot);
    return self.run_guarded([&] { self.handler_(*static_cast<const M*>(envelope)); });
  }

  F handler_;
};

// Events are copied into a queue and drained in order by one task at a time on the executor. The
// task takes the whole queue at once, and keeps going while events keep arriving (polling briefly
// before going idle), up to a budget after which it re-posts itself so other work on the executor
// is not starved.
template <class M, class F>
class AsyncSlot final : public Slot, public std::enable_shared_from_this<AsyncSlot<M, F>> {
 public:
  AsyncSlot(F handler, AsyncDelivery options)
      : handler_(std::move(handler)), options_(std::move(options)) {
    if (options_.capacity == 0) options_.capacity = 1;
  }

  bool deliver(const void* envelope, ReaderRecord&) override {
    const auto& env = *static_cast<const M*>(envelope);
    std::unique_lock lock(queue_mutex_);
    if (queue_.size() >= options_.capacity) {
      switch (options_.when_full) {
        case OverflowPolicy::kFail:
          ++dropped_;
          return false;
        case OverflowPolicy::kDropOldest:
          queue_.drop_oldest();
          ++dropped_;
          break;
        case OverflowPolicy::kBlock:
          ++blocked_publishers_;
          not_full_.wait(lock, [&] { return queue_.size() < options_.capacity || !active(); });
          --blocked_publishers_;
          if (!active()) return true;
          break;
      }
    }
    queue_.push(env);
    // The consumer polls pending_: write it only when it changes what the consumer does (first
    // event, each full batch), so its cache line is not pulled away on every push.
    if (std::size_t n = queue_.size(); n == 1 || n % kMinBatch == 0) pending_.store(n, std::memory_order_release);
    if (!scheduled_) {
      scheduled_ = true;
      lock.unlock();
      schedule();
    }
    return true;
  }

  void deactivate() override {
    Slot::deactivate();
    {
      std::lock_guard lock(queue_mutex_);
      queue_.clear();
      pending_.store(0, std::memory_order_release);
    }
    not_full_.notify_all();
    wait_for_calls(*this);
  }

  SubscriptionStats stats() const override {
    SubscriptionStats s = Slot::stats();
    std::lock_guard lock(queue_mutex_);
    s.dropped = dropped_;
    s.queued = queue_.size();
    return s;
  }

 private:
  static constexpr std::size_t kBudget = 1 << 14;  // events per task before yielding the executor
  static constexpr int kIdlePolls = 4096;           // ~10-50 us of polling before going idle
  static constexpr int kBatchPolls = 256;           // how long a partial batch may wait
  static constexpr std::size_t kMinBatch = 64;

  void schedule() {
    asio::post(options_.executor, [self = this->shared_from_this()] { self->drain(); });
  }

  void drain() {
    std::size_t handled = 0;
    while (true) {
      std::size_t n = take();
      run(n);
      handled += n;
      if (!active() || !wait_for_more()) {
        std::lock_guard lock(queue_mutex_);
        if (queue_.empty() || !active()) {
          scheduled_ = false;
          return;
        }
      }
      if (handled >= kBudget) {
        schedule();  // still scheduled_: continue in a fresh task
        return;
      }
    }
  }

  // Swaps the queue with the drained batch_ (only the drain task touches batch_). Returns how many
  // events batch_ now holds.
  std::size_t take() {
    std::size_t n;
    {
      std::lock_guard lock(queue_mutex_);
      batch_.clear();
      queue_.swap(batch_);
      n = batch_.size();
      pending_.store(0, std::memory_order_release);
      if (blocked_publishers_ == 0) return n;
    }
    not_full_.notify_all();
    return n;
  }

  // No lock is held while the handler runs: it may call back into its subscription. One announced
  // call covers the batch; each event still checks that the slot is active.
  void run(std::size_t n) {
    ReaderRecord& record = this_thread_record();
    Delivery delivery(record, *this);
    if (!delivery.call(*this)) return;
    for (std::size_t i = 0; i < n && active(); ++i) {
      run_counted(record, [&] { handler_(batch_[i]); });
    }
  }

  // Polls the pending count without the lock. True when events arrived. Taking one event at a
  // time would bounce the lock between publisher and consumer on every event, so it waits for a
  // batch of kMinBatch, or a few microseconds once anything is pending.
  bool wait_for_more() const {
    for (int i = 0; i < kIdlePolls; ++i) {
      std::size_t n = pending_.load(std::memory_order_acquire);
      if (n >= kMinBatch || (n > 0 && i >= kBatchPolls)) return true;
      cpu_relax();
    }
    return pending_.load(std::memory_order_acquire) != 0;
  }

  static void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#else
    std::this_thread::yield();
#endif
  }

  F handler_;
  AsyncDelivery options_;
  mutable AdaptiveMutex queue_mutex_;
  std::condition_variable_any not_full_;
  RingQueue<M> queue_;
  RingQueue<M> batch_;  // guarded by queue_mutex_ while swapped, else owned by the drain task
  bool scheduled_ = false;
  std::size_t blocked_publishers_ = 0;
  std::uint64_t dropped_ = 0;
  // A lower bound of queue_.size(), readable without the lock. Last and over-aligned, so it has a
  // cache line of its own, away from the mutex the publisher writes.
  alignas(64) std::atomic<std::size_t> pending_{0};
};

template <class M, class F>
std::shared_ptr<Slot> make_slot(F&& handler, SubscribeOptions options) {
  using Handler = std::decay_t<F>;
  if (options.async) {
    return std::make_shared<AsyncSlot<M, Handler>>(std::forward<F>(handler), std::move(*options.async));
  }
  return std::make_shared<SyncSlot<M, Handler>>(std::forward<F>(handler));
}

}  // namespace avx::events::detail
