#include "avx/events/detail/type_id.h"

#include <atomic>

namespace avx::events::detail {

std::size_t next_type_id() {
  static std::atomic<std::size_t> next{0};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace avx::events::detail
