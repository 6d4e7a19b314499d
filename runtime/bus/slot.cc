#include "avx/events/detail/slot.h"

#include <thread>

namespace avx::events::detail {

CallFrame*& call_frames() {
  thread_local CallFrame* top = nullptr;
  return top;
}

void Slot::wait_for_calls() const {
  std::int64_t own = 0;
  for (const CallFrame* f = call_frames(); f != nullptr; f = f->outer) own += f->slot == this ? 1 : 0;
  while (calls_.load(std::memory_order_seq_cst) > own) std::this_thread::yield();
}

SubscriptionStats Slot::stats() const {
  SubscriptionStats s;
  s.delivered = delivered_.load(std::memory_order_relaxed);
  s.failed = failed_.load(std::memory_order_relaxed);
  return s;
}

}  // namespace avx::events::detail
