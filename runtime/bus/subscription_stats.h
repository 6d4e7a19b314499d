#pragma once

// What a subscription has done so far: Subscription::stats(), readable after it ended too.

#include <cstdint>

namespace avx::events {

struct SubscriptionStats {
  std::uint64_t delivered = 0;  // handler calls that returned normally
  std::uint64_t failed = 0;     // handler calls that threw
  std::uint64_t dropped = 0;    // events dropped by a full queue (drop-oldest or fail): the lag
  std::uint64_t queued = 0;     // events waiting in an async subscriber's queue now
};

}  // namespace avx::events
