#pragma once

// Timestamps and durations are nanosecond std::chrono types: strong, comparable, and free of
// unit mistakes. On the wire they are int64 nanoseconds (since the Unix epoch for Timestamp).

#include <chrono>
#include <cstdint>

namespace avx::events {

using Duration = std::chrono::nanoseconds;
using Timestamp = std::chrono::sys_time<std::chrono::nanoseconds>;

inline Timestamp now() { return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now()); }

// The wall clock at the kernel's tick resolution (CLOCK_REALTIME_COARSE, 1-4 ms), for about a
// tenth of the cost of now(). The in-process bus stamps events with it unless told otherwise.
Timestamp coarse_now();

inline std::int64_t to_nanos(Timestamp t) { return t.time_since_epoch().count(); }
inline std::int64_t to_nanos(Duration d) { return d.count(); }
inline Timestamp timestamp_from_nanos(std::int64_t n) { return Timestamp(Duration(n)); }

}  // namespace avx::events
