#pragma once

// The instruments a registry hands out. Recording is one relaxed atomic operation: no lock, no
// allocation, safe from any thread. Each instrument sits on a cache line of its own so that two
// busy counters never share one.

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace avx::events::metrics {

// Label pairs in the order they were given. Keep them low-cardinality: event types,
// subscription names, outcomes; never ids or raw topics.
using Labels = std::vector<std::pair<std::string, std::string>>;

class alignas(64) Counter {
 public:
  void add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class alignas(64) Gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void add(double d) { value_.fetch_add(d, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

}  // namespace avx::events::metrics
