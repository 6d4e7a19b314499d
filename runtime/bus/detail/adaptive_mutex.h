#pragma once

// A mutex for critical sections of a few nanoseconds shared by two busy threads (a publisher and
// a queue's consumer): it spins on try_lock briefly before sleeping, because a futex round trip
// costs a thousand times the section it guards.

#include <mutex>

namespace avx::events::detail {

class AdaptiveMutex {
 public:
  void lock() {
    for (int i = 0; i < kSpins; ++i) {
      if (mutex_.try_lock()) return;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
    mutex_.lock();
  }
  bool try_lock() { return mutex_.try_lock(); }
  void unlock() { mutex_.unlock(); }

 private:
  static constexpr int kSpins = 128;
  std::mutex mutex_;
};

}  // namespace avx::events::detail
