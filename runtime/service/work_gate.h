#pragma once

// In-flight work, for a graceful stop: each request or handler call enters the gate and leaves
// when done; stopping closes the gate (new work is refused) and waits, up to a deadline, for what
// is inside to finish.
//
//   auto ticket = gate.enter();
//   if (!ticket) return HttpResponse{503, R"({"error":"shutting down"})"};
//   ... the work ...                      // ~Ticket leaves the gate
//
//   gate.close();
//   bool drained = gate.drain(std::chrono::steady_clock::now() + 10s);

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>

namespace avx::events::service {

class WorkGate {
 public:
  class Ticket {
   public:
    explicit Ticket(WorkGate& gate) : gate_(&gate) {}
    Ticket(Ticket&& other) noexcept : gate_(std::exchange(other.gate_, nullptr)) {}
    Ticket& operator=(Ticket&&) = delete;
    Ticket(const Ticket&) = delete;
    ~Ticket() {
      if (gate_ != nullptr) gate_->leave();
    }

   private:
    WorkGate* gate_;
  };

  // A ticket while the gate is open; nullopt once it is closed.
  std::optional<Ticket> enter();
  void close();
  bool closed() const;
  // Waits until nothing is inside or `deadline` passes; true when nothing is inside.
  bool drain(std::chrono::steady_clock::time_point deadline);
  std::uint64_t in_flight() const;

 private:
  void leave();

  mutable std::mutex mutex_;
  std::condition_variable idle_;
  std::uint64_t inside_ = 0;
  bool closed_ = false;
};

}  // namespace avx::events::service
