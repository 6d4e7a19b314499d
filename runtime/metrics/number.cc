#include "runtime/metrics/internal/number.h"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace avx::events::metrics::detail {

std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Counts are integers: print them whole (9007199254740992 is 2^53, the last exact one).
  if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0) {
    return std::to_string(static_cast<std::int64_t>(value));
  }
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

}  // namespace avx::events::metrics::detail
