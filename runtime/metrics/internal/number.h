#pragma once

// Sample values as the exposition format spells them: integers without an exponent, others in
// the shortest form that reads back exactly, and +Inf, -Inf, NaN.

#include <string>

namespace avx::events::metrics::detail {

std::string format_number(double value);

}  // namespace avx::events::metrics::detail
