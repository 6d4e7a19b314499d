#include "avx/events/cqrs/middleware.h"

namespace avx::events {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

Middleware logging_middleware(std::function<void(std::string_view line)> sink) {
  return [sink = std::move(sink)](const Dispatch& d, const Next& next) -> Status {
    auto start = Clock::now();
    Status outcome = next();
    auto took = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
    std::string line = std::string(to_string(d.kind)) + " " + std::string(d.type) +
                       " correlation=" + d.context.correlation_id + (outcome ? " ok" : " failed") + " in " +
                       std::to_string(took) + "us";
    if (!outcome) line += ": " + outcome.error().message();
    sink(line);
    return outcome;
  };
}

Middleware DispatchMetrics::middleware() {
  return [this](const Dispatch& d, const Next& next) -> Status {
    auto start = Clock::now();
    Status outcome = next();
    record(d.type, outcome.has_value(), Clock::now() - start);
    return outcome;
  };
}

void DispatchMetrics::record(std::string_view type, bool ok, std::chrono::nanoseconds took) {
  std::lock_guard lock(mutex_);
  auto it = counts_.find(type);
  if (it == counts_.end()) it = counts_.emplace(std::string(type), Counts{}).first;
  ++it->second.dispatched;
  if (!ok) ++it->second.failed;
  it->second.total += took;
}

DispatchMetrics::Counts DispatchMetrics::of(std::string_view type) const {
  std::lock_guard lock(mutex_);
  auto it = counts_.find(type);
  return it == counts_.end() ? Counts{} : it->second;
}

std::map<std::string, DispatchMetrics::Counts, std::less<>> DispatchMetrics::all() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

}  // namespace avx::events
