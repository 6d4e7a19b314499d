#pragma once

// The Prometheus text exposition format, version 0.0.4: what a /metrics endpoint serves with
// Content-Type kPrometheusContentType.

#include <string>
#include <string_view>
#include <vector>

#include "avx/events/family.h"

namespace avx::events::metrics {

inline constexpr std::string_view kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

// "# HELP" and "# TYPE" lines, then one line per sample. Help text escapes \ and newline; label
// values escape \, " and newline; values are integers, shortest exact decimals, +Inf, -Inf or NaN.
std::string to_prometheus_text(const std::vector<MetricFamily>& families);

}  // namespace avx::events::metrics
