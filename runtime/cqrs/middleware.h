#pragma once

// Ready-made middleware for the command and query buses: logging with the correlation id, metrics
// per message type, and validation of one message type.
//
//   commands.use(logging_middleware([](std::string_view line) { spdlog::info("{}", line); }));
//   auto metrics = std::make_shared<DispatchMetrics>();
//   commands.use(metrics->middleware());
//   commands.use(validation<PlaceOrder>([](const PlaceOrder& c) -> Status { ... }));

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "avx/events/cqrs/dispatch.h"

namespace avx::events {

// One line per dispatch: "command shop.orders.PlaceOrder correlation=... ok in 42us", or
// "... failed in 42us: <error>".
Middleware logging_middleware(std::function<void(std::string_view line)> sink);

// Counts and times dispatches per message type.
class DispatchMetrics {
 public:
  struct Counts {
    std::uint64_t dispatched = 0;
    std::uint64_t failed = 0;
    std::chrono::nanoseconds total{0};
  };
  Middleware middleware();
  Counts of(std::string_view type) const;
  std::map<std::string, Counts, std::less<>> all() const;

 private:
  void record(std::string_view type, bool ok, std::chrono::nanoseconds took);
  mutable std::mutex mutex_;
  std::map<std::string, Counts, std::less<>> counts_;
};

// Refuses an M for which `check` returns an error, before its handler runs; other types pass.
template <Message M, class Check>
Middleware validation(Check check) {
  return [check = std::move(check)](const Dispatch& d, const Next& next) -> Status {
    if (d.type == M::kType) {
      if (Status valid = check(*static_cast<const M*>(d.message)); !valid) return valid;
    }
    return next();
  };
}

}  // namespace avx::events
