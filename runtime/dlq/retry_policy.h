#pragma once

// How often and how soon a failed delivery is tried again: exponential backoff with jitter, up to a
// number of attempts, after which the event is parked as a dead letter.

#include <chrono>
#include <cstdint>
#include <random>

#include "avx/events/time.h"

namespace avx::events {

struct RetryPolicy {
  std::uint32_t max_attempts = 5;  // deliveries in all, the first included; then the event is parked
  std::chrono::milliseconds initial_backoff{100};
  std::chrono::milliseconds max_backoff{30000};
  double multiplier = 2.0;
  double jitter = 0.2;  // each wait is scaled by a uniform factor in [1 - jitter, 1 + jitter]

  // The wait after the `failed`-th failed attempt (1 for the first).
  Duration backoff(std::uint32_t failed, std::mt19937_64& random) const;
};

}  // namespace avx::events
