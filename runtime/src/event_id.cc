#include "avx/events/event_id.h"

#include <atomic>
#include <cstdio>
#include <random>

namespace avx::events {
namespace {

std::uint64_t random_u64() {
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

// Each thread takes a fresh random 64-bit prefix and counts from it: ids are unique within the
// process by construction and across processes with overwhelming probability.
struct ThreadIds {
  std::uint64_t prefix = random_u64() | 1;  // never 0, so no id is nil
  std::uint64_t counter = 0;
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

EventId EventId::generate() {
  thread_local ThreadIds ids;
  return EventId(ids.prefix, ++ids.counter);
}

std::optional<EventId> EventId::parse(std::string_view text) {
  if (text.size() != 32) return std::nullopt;
  std::uint64_t parts[2] = {0, 0};
  for (std::size_t i = 0; i < 32; ++i) {
    int v = hex_value(text[i]);
    if (v < 0) return std::nullopt;
    parts[i / 16] = (parts[i / 16] << 4) | static_cast<std::uint64_t>(v);
  }
  return EventId(parts[0], parts[1]);
}

std::string EventId::to_string() const {
  char buffer[33];
  std::snprintf(buffer, sizeof buffer, "%016llx%016llx", static_cast<unsigned long long>(high_),
                static_cast<unsigned long long>(low_));
  return std::string(buffer, 32);
}

}  // namespace avx::events
