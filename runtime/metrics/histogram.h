#pragma once

// A Prometheus histogram: fixed upper bounds chosen at creation, one relaxed atomic add per
// observation for its bucket, the count and the sum. A snapshot gives cumulative buckets, as the
// exposition format wants them.

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace avx::events::metrics {

// Seconds from 100 us to 10 s: handler and append latencies.
std::vector<double> default_latency_buckets();

struct HistogramSnapshot {
  std::vector<double> bounds;            // ascending upper bounds, +Inf not included
  std::vector<std::uint64_t> cumulative;  // bounds.size() + 1 entries, the last one is +Inf
  double sum = 0;
  std::uint64_t count = 0;
};

class Histogram {
 public:
  // Bounds must be finite and strictly ascending; std::invalid_argument otherwise.
  explicit Histogram(std::vector<double> bounds);

  void observe(double value);  // NaN is ignored
  HistogramSnapshot snapshot() const;
  std::span<const double> bounds() const { return bounds_; }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds_.size() + 1, not cumulative
  std::atomic<double> sum_{0.0};
  std::atomic<std::uint64_t> count_{0};
};

}  // namespace avx::events::metrics
