#include "avx/events/event_id.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>

#include "avx/events/time.h"

namespace avx::events {
namespace {

std::uint64_t random_u64() {
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

// A fork() copies the forking thread's id state into the child: parent and child would then
// generate the same next ids. The child handler makes every thread state of the child reseed.
std::atomic<std::uint64_t> fork_generation{0};
void on_fork_child() { fork_generation.fetch_add(1, std::memory_order_relaxed); }
[[maybe_unused]] const int kAtForkRegistered = pthread_atfork(nullptr, nullptr, &on_fork_child);

// Ids are time-ordered, as UUIDv7s are, so that an index over them grows at its end instead of
// at random places (one page per commit rather than one per event). The high word is the time in
// milliseconds (the coarse clock, read for every id so it never goes stale) and a random 16-bit
// tag of the thread; the low word counts up from a random start. Ids of one thread are strictly
// increasing and never repeat; ids of different threads or processes share a high word only with
// the same millisecond and tag, and then also need overlapping random counters.
struct ThreadIds {
  std::uint64_t generation = ~std::uint64_t{0};  // of fork_generation when seeded
  std::uint64_t tag = 0;
  std::uint64_t high = 0;
  std::uint64_t low = 0;

  void seed_if_new_process() {
    std::uint64_t now_generation = fork_generation.load(std::memory_order_relaxed);
    if (generation == now_generation) return;
    generation = now_generation;
    tag = random_u64() & 0xffff;
    high = 0;
    low = random_u64();
  }

  void refresh(Timestamp time) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    high = std::max(high, (static_cast<std::uint64_t>(ms) << 16) | tag);  // never backwards
  }
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

EventId EventId::generate() { return generate_at(coarse_now()); }

EventId EventId::generate_at(Timestamp time) {
  thread_local ThreadIds ids;
  ids.seed_if_new_process();
  ids.refresh(time);
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
