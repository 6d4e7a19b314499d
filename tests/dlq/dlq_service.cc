// A stand-in for a service with a dead-letter guard, for the CLI test:
//   dlq_service fill DB   parks letters under two subscriptions (one queued behind a parked one)
//   dlq_service drain DB  runs the "projection" subscription's guard once with a handler that
//                         now works, and prints what it handled
#include <iostream>
#include <string>

#include <avx/events.h>

#include "tests/schemas/orders.avx.h"

namespace {

avx::events::RecordedEvent event(std::string stream, std::uint64_t position) {
  avx::events::RecordedEvent e;
  e.stream = std::move(stream);
  e.version = 1;
  e.position = position;
  e.event_id = avx::events::EventId::generate();
  e.type = std::string(tests::orders::OrderPlaced::kType);
  e.schema_version = 1;
  e.payload = avx::events::encode(tests::orders::OrderPlacedV1{e.stream, "c-1", {}, {1234, {}}});
  e.timestamp = avx::events::now();
  return e;
}

avx::events::GuardOptions options(std::string subscription) {
  avx::events::GuardOptions o;
  o.subscription = std::move(subscription);
  o.policy.max_attempts = 1;
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: dlq_service fill|drain DB\n";
    return 2;
  }
  auto letters = avx::events::open_sqlite_dead_letters(argv[2]);
  if (!letters) {
    std::cerr << letters.error().message() << '\n';
    return 2;
  }
  const std::string mode = argv[1];
  if (mode == "fill") {
    auto down = [](const avx::events::RecordedEvent&) -> avx::events::Status {
      return avx::events::unexpected(avx::events::Errc::kUnavailable, "read model offline");
    };
    avx::events::DeadLetterGuard projection(**letters, down, options("projection"));
    avx::events::DeadLetterGuard mailer(**letters, down, options("mailer"));
    for (auto s : {projection.deliver(event("Order-a", 1)), projection.deliver(event("Order-a", 2)),
                   projection.deliver(event("Order-b", 3)), mailer.deliver(event("Order-c", 4))}) {
      if (!s) {
        std::cerr << s.error().message() << '\n';
        return 1;
      }
    }
    return 0;
  }
  avx::events::DeadLetterGuard projection(
      **letters,
      [](const avx::events::RecordedEvent& e) -> avx::events::Status {
        std::cout << "handled " << e.stream << " #" << e.position << '\n';
        return {};
      },
      options("projection"));
  auto polled = projection.poll();
  if (!polled) {
    std::cerr << polled.error().message() << '\n';
    return 1;
  }
  return 0;
}
