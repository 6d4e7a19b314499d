#include "runtime/transports/nats/internal/heartbeat.h"

#include <algorithm>

namespace avx::events::nats::internal {

Heartbeat::Heartbeat(std::chrono::milliseconds ack_wait, std::size_t slots)
    : every_(std::max(ack_wait / 3, std::chrono::milliseconds(1))), slots_(slots) {}

Heartbeat::~Heartbeat() { stop(); }

void Heartbeat::start() { thread_ = std::thread([this] { run(); }); }

void Heartbeat::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Heartbeat::begin(std::size_t slot, natsMsg* message) {
  std::lock_guard lock(mutex_);
  slots_[slot] = {message, Clock::now()};
}

void Heartbeat::end(std::size_t slot) {
  std::lock_guard lock(mutex_);  // waits for an InProgress being sent for it
  slots_[slot].message = nullptr;
}

void Heartbeat::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, every_, [this] { return stopping_; })) {
    const auto due = Clock::now() - every_;
    for (Slot& s : slots_) {
      // Best effort: if it does not reach the server, the event is delivered again (at least once).
      if (s.message != nullptr && s.since <= due) natsMsg_InProgress(s.message, nullptr);
    }
  }
}

}  // namespace avx::events::nats::internal
