#pragma once

// A subscription handle. Dropping it unsubscribes (RAII); unsubscribe() does so early. After
// unsubscribe returns, the handler is not running and will not be called again, except when the
// handler unsubscribes itself: then it finishes its own call. stats() stays readable afterwards.

#include <functional>
#include <memory>
#include <utility>

#include "avx/events/detail/slot.h"
#include "avx/events/subscription_stats.h"

namespace avx::events {

class Subscription {
 public:
  Subscription() = default;
  Subscription(std::shared_ptr<detail::Slot> slot, std::function<void(const detail::Slot*)> detach)
      : slot_(std::move(slot)), detach_(std::move(detach)) {}
  ~Subscription() { unsubscribe(); }

  Subscription(Subscription&& other) noexcept
      : slot_(std::move(other.slot_)), detach_(std::exchange(other.detach_, nullptr)) {}
  Subscription& operator=(Subscription&& other) noexcept {
    if (this != &other) {
      unsubscribe();
      slot_ = std::move(other.slot_);
      detach_ = std::exchange(other.detach_, nullptr);
    }
    return *this;
  }
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

  void unsubscribe() {
    if (!detach_) return;
    auto detach = std::move(detach_);
    detach_ = nullptr;
    detach(slot_.get());
    slot_->deactivate();
  }

  bool active() const { return detach_ != nullptr; }
  SubscriptionStats stats() const { return slot_ ? slot_->stats() : SubscriptionStats{}; }

 private:
  std::shared_ptr<detail::Slot> slot_;
  std::function<void(const detail::Slot*)> detach_;  // removes the slot from its bus; empty once done
};

}  // namespace avx::events
