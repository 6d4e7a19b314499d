#pragma once

// Keeps slow handlers' messages from being delivered again: while a handler runs longer than a
// third of the ack wait, the server is told every third of it that the message is in progress
// (natsMsg_InProgress), which restarts its ack wait. One thread per subscription; one slot per
// fetch thread, holding the message its handler is working on.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

#include <nats/nats.h>

namespace avx::events::nats::internal {

class Heartbeat {
 public:
  Heartbeat(std::chrono::milliseconds ack_wait, std::size_t slots);
  ~Heartbeat();  // stops
  Heartbeat(const Heartbeat&) = delete;
  Heartbeat& operator=(const Heartbeat&) = delete;

  void start();
  void stop();

  // The handler of `slot` starts working on `message`, and is done with it: after end() returns,
  // nothing is sent for the message any more, so it can be acked and destroyed.
  void begin(std::size_t slot, natsMsg* message);
  void end(std::size_t slot);

 private:
  using Clock = std::chrono::steady_clock;
  struct Slot {
    natsMsg* message = nullptr;
    Clock::time_point since;
  };
  void run();

  const std::chrono::milliseconds every_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Slot> slots_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace avx::events::nats::internal
