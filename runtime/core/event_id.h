#pragma once

// A 128-bit event id, time-ordered like a UUIDv7: making one costs a few instructions, ids from
// one thread increase strictly, and ids from different threads or processes never collide in
// practice.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "avx/events/time.h"

namespace avx::events {

class EventId {
 public:
  constexpr EventId() = default;
  constexpr EventId(std::uint64_t high, std::uint64_t low) : high_(high), low_(low) {}

  static EventId generate();
  // The same, with the time the caller already read (any clock; only its milliseconds count), so
  // that stamping an event reads the clock once.
  static EventId generate_at(Timestamp time);
  // Parses the 32-hex-digit form that to_string() writes; nullopt on anything else.
  static std::optional<EventId> parse(std::string_view text);

  bool is_nil() const { return high_ == 0 && low_ == 0; }
  std::uint64_t high() const { return high_; }
  std::uint64_t low() const { return low_; }
  std::string to_string() const;

  auto operator<=>(const EventId&) const = default;

 private:
  std::uint64_t high_ = 0;
  std::uint64_t low_ = 0;
};

}  // namespace avx::events
