#include "avx/events/detail/slot.h"

#include <mutex>

namespace avx::events::detail {

SubscriptionStats Slot::stats() const {
  SubscriptionStats s;
  s.delivered = delivered_.value();
  {
    std::lock_guard lock(lists_mutex_);
    s.delivered += folded_;
    for (const Counter* calls : lists_) s.delivered += calls->value();
  }
  s.failed = failed_.load(std::memory_order_relaxed);
  return s;
}

void Slot::count_through(const Counter& calls) {
  std::lock_guard lock(lists_mutex_);
  lists_.push_back(&calls);
}

void Slot::fold(const Counter& calls) {
  std::lock_guard lock(lists_mutex_);
  std::erase(lists_, &calls);
  folded_ += calls.value();
}

}  // namespace avx::events::detail
