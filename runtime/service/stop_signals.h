#pragma once

// SIGTERM and SIGINT as a value to wait for, instead of an async-signal handler.
//
//   int main() {
//     service::StopSignals signals;  // first, before any thread starts: threads inherit the mask
//     ... start the service ...
//     int signal = signals.wait();   // SIGTERM from Kubernetes, Ctrl-C from a terminal
//     ... drain and exit 0 ...
//   }
//
// The signals are blocked in the constructing thread (and so in every thread it starts later) and
// taken with sigwait, so they never interrupt a handler halfway. request_stop() sends the process
// SIGTERM, so a service stopping itself (a demo run) takes exactly the path a real stop takes.

#include <signal.h>

#include <string>

namespace avx::events::service {

class StopSignals {
 public:
  StopSignals();   // blocks SIGTERM and SIGINT in this thread
  ~StopSignals();  // restores the thread's mask
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Waits for SIGTERM or SIGINT; returns it.
  int wait();
  static void request_stop();
  static std::string name(int signal);  // "SIGTERM", "SIGINT"

 private:
  sigset_t set_;
  sigset_t previous_;
};

}  // namespace avx::events::service
