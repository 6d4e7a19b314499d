#pragma once

// Slot implementations for a handler of a message M (an Envelope<T>, or a RawEnvelope):
// synchronous, and queued on an executor.

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <utility>

#include <asio/post.hpp>

#include "avx/events/delivery.h"
#include "avx/events/detail/slot.h"
#include "avx/events/envelope.h"

namespace avx::events::detail {

template <class M, class F>
class SyncSlot final : public Slot {
 public:
  explicit SyncSlot(F handler) : handler_(std::move(handler)) {}

  bool deliver(const void* envelope) override {
    invoke([&] { handler_(*static_cast<const M*>(envelope)); });
    return true;
  }

 private:
  F handler_;
};

// The slot whose handler runs on this thread right now, so that a handler unsubscribing itself
// does not wait for itself.
const Slot*& running_slot();

// Events are copied into a queue and drained in order by one task at a time on the executor, a
// batch per task so other work on the executor is not starved.
template <class M, class F>
class AsyncSlot final : public Slot, public std::enable_shared_from_this<AsyncSlot<M, F>> {
 public:
  AsyncSlot(F handler, AsyncDelivery options)
      : handler_(std::move(handler)), options_(std::move(options)) {
    if (options_.capacity == 0) options_.capacity = 1;
  }

  bool deliver(const void* envelope) override {
    const auto& env = *static_cast<const M*>(envelope);
    std::unique_lock lock(queue_mutex_);
    if (queue_.size() >= options_.capacity) {
      switch (options_.when_full) {
        case OverflowPolicy::kFail:
          ++dropped_;
          return false;
        case OverflowPolicy::kDropOldest:
          queue_.pop_front();
          ++dropped_;
          break;
        case OverflowPolicy::kBlock:
          not_full_.wait(lock, [&] { return queue_.size() < options_.capacity || !active(); });
          if (!active()) return true;
          break;
      }
    }
    queue_.push_back(env);
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
    }
    not_full_.notify_all();
    if (running_slot() != this) {
      std::lock_guard wait_for_running_batch(run_mutex_);
    }
  }

  SubscriptionStats stats() const override {
    SubscriptionStats s = Slot::stats();
    std::lock_guard lock(queue_mutex_);
    s.dropped = dropped_;
    s.queued = queue_.size();
    return s;
  }

 private:
  void schedule() {
    asio::post(options_.executor, [self = this->shared_from_this()] { self->drain_batch(); });
  }

  void drain_batch() {
    std::deque<M> batch;
    {
      std::lock_guard lock(queue_mutex_);
      batch.swap(queue_);
    }
    not_full_.notify_all();
    {
      std::lock_guard running(run_mutex_);
      const Slot* outer = std::exchange(running_slot(), this);
      for (const auto& env : batch) {
        if (!active()) break;
        invoke([&] { handler_(env); });
      }
      running_slot() = outer;
    }
    std::unique_lock lock(queue_mutex_);
    if (queue_.empty() || !active()) {
      scheduled_ = false;
      return;
    }
    lock.unlock();
    schedule();
  }

  F handler_;
  AsyncDelivery options_;
  mutable std::mutex queue_mutex_;
  std::condition_variable not_full_;
  std::deque<M> queue_;
  bool scheduled_ = false;
  std::uint64_t dropped_ = 0;
  std::mutex run_mutex_;  // held while a batch runs; deactivate waits on it
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
