// What a publish allocates, it frees: the envelope's metadata is ended by the runtime and its
// event by publish<T> (detail::OutgoingEnvelope), each exactly once. Every allocation of this
// test binary is counted, so a string or header the bus forgot to free, or freed twice, changes
// the count even without a sanitizer.

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>

#include <gtest/gtest.h>

#include "avx/events/bus.h"
#include "tests/schemas/orders.avx.h"

namespace {
std::atomic<std::int64_t> live_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  live_allocations.fetch_add(1, std::memory_order_relaxed);
  return p;
}
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  live_allocations.fetch_sub(1, std::memory_order_relaxed);
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }

namespace {

using avx::events::Envelope;
using avx::events::EventBus;
using avx::events::Metadata;
using tests::orders::OrderPlaced;

// Longer than any string's inline buffer: each lives on the heap.
std::string long_text(char c) { return std::string(64, c); }

OrderPlaced long_event() {
  OrderPlaced e;
  e.order_id = long_text('o');
  return e;
}

Metadata long_metadata() {
  Metadata m;
  m.aggregate_id = long_text('a');
  m.correlation_id = long_text('c');
  m.causation_id = long_text('k');
  m.origin.user_id = long_text('u');
  m.origin.source = long_text('s');
  m.origin.headers = {{long_text('h'), long_text('v')}, {"tenant", long_text('t')}};
  return m;
}

// Sums what the handler saw without allocating.
struct Seen {
  std::size_t events = 0;
  std::size_t bytes = 0;
};

avx::events::Subscription count_into(EventBus& bus, Seen& seen) {
  return bus.subscribe<OrderPlaced>([&seen](const Envelope<OrderPlaced>& e) {
    ++seen.events;
    seen.bytes += e.event.order_id.size() + e.metadata.aggregate_id.size() + e.metadata.correlation_id.size() +
                  e.metadata.causation_id.size() + e.metadata.origin.user_id.size() +
                  e.metadata.origin.source.size() + e.metadata.origin.headers.size();
  });
}

TEST(EventBusEnvelopeLifetime, FreesTheEventAndEveryStringOfThePublishersMetadata) {
  EventBus bus;
  Seen seen;
  auto sub = count_into(bus, seen);
  bus.publish(long_event(), long_metadata());  // the channel and this thread's record exist now
  const std::int64_t before = live_allocations.load();
  for (int i = 0; i < 100; ++i) bus.publish(long_event(), long_metadata());
  EXPECT_EQ(live_allocations.load(), before);
  EXPECT_EQ(seen.events, 101u);
  EXPECT_EQ(seen.bytes, 101u * (6 * 64 + 2));
}

TEST(EventBusEnvelopeLifetime, FreesTheSourceTheBusStampedIntoAFreshMetadata) {
  EventBus bus(avx::events::BusOptions{.source = long_text('s')});
  Seen seen;
  auto sub = count_into(bus, seen);
  bus.publish(long_event());
  const std::int64_t before = live_allocations.load();
  for (int i = 0; i < 100; ++i) bus.publish(long_event());
  EXPECT_EQ(live_allocations.load(), before);
  EXPECT_EQ(seen.events, 101u);
  EXPECT_EQ(seen.bytes, 101u * (2 * 64));
}

TEST(EventBusEnvelopeLifetime, FreesTheEnvelopeWhenNobodySubscribedAndWhenAHandlerThrew) {
  EventBus bus;
  bus.publish(long_event(), long_metadata());
  std::int64_t before = live_allocations.load();
  for (int i = 0; i < 10; ++i) bus.publish(long_event(), long_metadata());
  EXPECT_EQ(live_allocations.load(), before);

  auto sub = bus.subscribe<OrderPlaced>([](const Envelope<OrderPlaced>&) { throw std::runtime_error("no"); });
  bus.publish(long_event(), long_metadata());
  before = live_allocations.load();
  for (int i = 0; i < 10; ++i) EXPECT_EQ(bus.publish(long_event(), long_metadata()).delivered, 1u);
  EXPECT_EQ(live_allocations.load(), before);
  EXPECT_EQ(sub.stats().failed, 11u);
}

}  // namespace
