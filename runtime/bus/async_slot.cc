#include "avx/events/detail/async_slot.h"

#include <mutex>
#include <thread>

#include <asio/post.hpp>

namespace avx::events::detail {
namespace {

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  std::this_thread::yield();
#endif
}

}  // namespace

AsyncSlotBase::AsyncSlotBase(AsyncDelivery options) : options_(std::move(options)) {
  if (options_.capacity == 0) options_.capacity = 1;
}

bool AsyncSlotBase::deliver(const void* envelope) {
  std::unique_lock lock(queue_mutex_);
  if (queued_ >= options_.capacity) {
    switch (options_.when_full) {
      case OverflowPolicy::kFail:
        ++dropped_;
        return false;
      case OverflowPolicy::kDropOldest:
        drop_oldest();
        --queued_;
        ++dropped_;
        break;
      case OverflowPolicy::kBlock:
        ++blocked_publishers_;
        not_full_.wait(lock, [&] { return queued_ < options_.capacity || !active(); });
        --blocked_publishers_;
        if (!active()) return true;
        break;
    }
  }
  push(envelope);
  // The consumer polls pending_: write it only when it changes what the consumer does (first
  // event, each full batch), so its cache line is not pulled away on every push.
  if (std::size_t n = ++queued_; n == 1 || n % kMinBatch == 0) pending_.store(n, std::memory_order_release);
  if (!scheduled_) {
    scheduled_ = true;
    lock.unlock();
    schedule();
  }
  return true;
}

void AsyncSlotBase::deactivate() {
  Slot::deactivate();
  {
    std::lock_guard lock(queue_mutex_);
    clear_queue();
    queued_ = 0;
    pending_.store(0, std::memory_order_release);
  }
  not_full_.notify_all();
  wait_for_calls();
}

SubscriptionStats AsyncSlotBase::stats() const {
  SubscriptionStats s = Slot::stats();
  std::lock_guard lock(queue_mutex_);
  s.dropped = dropped_;
  s.queued = queued_;
  return s;
}

void AsyncSlotBase::schedule() {
  asio::post(options_.executor, [self = shared_from_this()] { self->drain(); });
}

void AsyncSlotBase::drain() {
  std::size_t handled = 0;
  while (true) {
    std::size_t n = take();
    run_batch(n);
    handled += n;
    if (!active() || !wait_for_more()) {
      std::lock_guard lock(queue_mutex_);
      if (queued_ == 0 || !active()) {
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

// Swaps the queue with the drained batch (only the drain task touches the batch). Returns how
// many events the batch now holds.
std::size_t AsyncSlotBase::take() {
  std::size_t n;
  {
    std::lock_guard lock(queue_mutex_);
    take_queue();
    n = queued_;
    queued_ = 0;
    pending_.store(0, std::memory_order_release);
    if (blocked_publishers_ == 0) return n;
  }
  not_full_.notify_all();
  return n;
}

// Polls the pending count without the lock. True when events arrived. Taking one event at a time
// would bounce the lock between publisher and consumer on every event, so it waits for a batch of
// kMinBatch, or a few microseconds once anything is pending.
bool AsyncSlotBase::wait_for_more() const {
  for (int i = 0; i < kIdlePolls; ++i) {
    std::size_t n = pending_.load(std::memory_order_acquire);
    if (n >= kMinBatch || (n > 0 && i >= kBatchPolls)) return true;
    cpu_relax();
  }
  return pending_.load(std::memory_order_acquire) != 0;
}

}  // namespace avx::events::detail
