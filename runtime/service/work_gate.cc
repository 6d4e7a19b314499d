#include "avx/events/work_gate.h"

namespace avx::events::service {

std::optional<WorkGate::Ticket> WorkGate::enter() {
  std::lock_guard lock(mutex_);
  if (closed_) return std::nullopt;
  ++inside_;
  return std::optional<Ticket>(std::in_place, *this);
}

void WorkGate::leave() {
  std::lock_guard lock(mutex_);
  if (--inside_ == 0) idle_.notify_all();
}

void WorkGate::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
}

bool WorkGate::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

bool WorkGate::drain(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return idle_.wait_until(lock, deadline, [&] { return inside_ == 0; });
}

std::uint64_t WorkGate::in_flight() const {
  std::lock_guard lock(mutex_);
  return inside_;
}

}  // namespace avx::events::service
