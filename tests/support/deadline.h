#pragma once

// For tests of code that could deadlock: a hang must fail the test at once, not run into the
// CI's timeout. within() runs the scenario on its own thread; if it has not returned in time, the
// test reports which scenario hung and the process exits (a deadlocked thread cannot be stopped).

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <thread>

namespace avx::testing {

inline void within(std::chrono::seconds limit, const char* scenario, std::function<void()> fn) {
  std::packaged_task<void()> task(std::move(fn));
  auto done = task.get_future();
  std::thread runner(std::move(task));
  if (done.wait_for(limit) == std::future_status::timeout) {
    std::fprintf(stderr, "FAILED: '%s' did not finish within %lld s: a deadlock or a lost wake-up\n", scenario,
                 static_cast<long long>(limit.count()));
    std::fflush(stderr);
    std::_Exit(1);
  }
  runner.join();
  done.get();  // rethrows what the scenario threw
}

// Polls `done` until it holds or `limit` passes; false then (the caller asserts it), so a lost
// wake-up fails the test instead of spinning until the CI's timeout.
inline bool eventually(const std::function<bool()>& done, std::chrono::seconds limit = std::chrono::seconds(30)) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::yield();
  }
  return true;
}

}  // namespace avx::testing
