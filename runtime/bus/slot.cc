#include "avx/events/detail/slot.h"

namespace avx::events::detail {

SubscriptionStats Slot::stats() const {
  SubscriptionStats s;
  s.delivered = delivered_.value();
  s.failed = failed_.load(std::memory_order_relaxed);
  return s;
}

}  // namespace avx::events::detail
