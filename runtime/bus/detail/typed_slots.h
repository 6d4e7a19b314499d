#pragma once

// Slot implementations for a handler of a message M (an Envelope<T>, or a RawEnvelope):
// synchronous, and queued on an executor.

#include <memory>
#include <utility>

#include "avx/events/delivery.h"
#include "avx/events/detail/async_slot.h"
#include "avx/events/detail/ring_queue.h"
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

// The asynchronous slot's typed part: the queued messages and the handler (async_slot.h has the
// rest).
template <class M, class F>
class AsyncSlot final : public AsyncSlotBase {
 public:
  AsyncSlot(F handler, AsyncDelivery options) : AsyncSlotBase(std::move(options)), handler_(std::move(handler)) {}

 private:
  void push(const void* envelope) override { queue_.push(*static_cast<const M*>(envelope)); }
  void drop_oldest() override { queue_.drop_oldest(); }
  void clear_queue() override { queue_.clear(); }
  void take_queue() override {
    batch_.clear();
    queue_.swap(batch_);
  }

  // No lock is held while the handler runs: it may call back into its subscription. One Call
  // covers the batch (the announcement costs two atomic read-modify-writes); each event still
  // checks that the slot is active.
  void run_batch(std::size_t n) override {
    Call call(*this);
    if (!call.entered()) return;
    for (std::size_t i = 0; i < n && active(); ++i) {
      run_counted([&] { handler_(batch_[i]); });
    }
  }

  F handler_;
  RingQueue<M> queue_;
  RingQueue<M> batch_;  // guarded by the queue's lock while swapped, else owned by the drain task
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
