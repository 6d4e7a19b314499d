#include "avx/events/dlq/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace avx::events {

Duration RetryPolicy::backoff(std::uint32_t failed, std::mt19937_64& random) const {
  const double initial = std::chrono::duration<double, std::nano>(initial_backoff).count();
  const double cap = std::chrono::duration<double, std::nano>(max_backoff).count();
  const double exponent = static_cast<double>(std::max<std::uint32_t>(failed, 1) - 1);
  double wait = std::min(cap, initial * std::pow(std::max(multiplier, 1.0), exponent));
  const double spread = std::clamp(jitter, 0.0, 1.0);
  if (spread > 0) wait *= std::uniform_real_distribution<double>(1.0 - spread, 1.0 + spread)(random);
  return Duration(static_cast<Duration::rep>(wait));
}

}  // namespace avx::events
