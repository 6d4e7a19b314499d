#pragma once

// A clock a test moves by hand, for whatever takes a clock function (the dead-letter guard's
// GuardOptions::clock, your own code): retries and timeouts without sleeping.
//
//   avx::events::testing::FakeClock clock;
//   GuardOptions options{.clock = clock.function()};
//   clock.advance(std::chrono::seconds(30));

#include <atomic>
#include <cstdint>
#include <functional>

#include "avx/events/time.h"

namespace avx::events::testing {

class FakeClock {
 public:
  // 2023-11-14T22:13:20Z unless told otherwise: a fixed, recognizable instant.
  explicit FakeClock(Timestamp start = timestamp_from_nanos(1'700'000'000'000'000'000)) : nanos_(to_nanos(start)) {}

  Timestamp now() const { return timestamp_from_nanos(nanos_.load()); }
  void advance(Duration by) { nanos_.fetch_add(by.count()); }
  void set(Timestamp to) { nanos_.store(to_nanos(to)); }
  // now(), as a function to hand over; the clock must outlive it.
  std::function<Timestamp()> function() const {
    return [this] { return now(); };
  }

 private:
  std::atomic<std::int64_t> nanos_;
};

}  // namespace avx::events::testing
