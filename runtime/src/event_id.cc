#include "avx/events/event_id.h"

#include <algorithm>
#include <chrono>
#include <random>

#include "avx/events/time.h"

namespace avx::events {
namespace {

std::uint64_t random_u64() {
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

// Ids are time-ordered, as UUIDv7s are, so that an index over them grows at its end instead of
// at random places (one page per commit rather than one per event). The high word is the time in
// milliseconds and a random 16-bit thread tag, refreshed every 256 ids so the clock is read
// rarely; the low word counts up from a random start. Ids of one thread are strictly increasing
// and never repeat; ids of different threads or processes share a high word only with the same
// millisecond and tag, and then also need overlapping random counters.
struct ThreadIds {
  std::uint64_t tag = random_u64() & 0xffff;
  std::uint64_t high = 0;
  std::uint64_t low = random_u64();
  unsigned until_refresh = 0;

  void refresh() {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(coarse_now().time_since_epoch()).count();
    high = std::max(high, (static_cast<std::uint64_t>(ms) << 16) | tag);  // never backwards
    until_refresh = 255;
  }
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
  if (ids.until_refresh-- == 0) ids.refresh();
  return EventId(ids.high, ++ids.low);
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
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[15 - i] = kDigits[(high_ >> (4 * i)) & 15];
    out[31 - i] = kDigits[(low_ >> (4 * i)) & 15];
  }
  return out;
}

}  // namespace avx::events
