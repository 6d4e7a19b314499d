#pragma once

// What async publishing keeps between js_PublishMsgAsync and Transport::flush: the messages whose
// acknowledgement failed (nats.c hands them to the error handler; we keep them to resend with the
// same id), when each one's deadline passes, and the ids that ran out of time.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <nats/nats.h>

namespace avx::events::nats::internal {

class AsyncPublishes {
 public:
  using Clock = std::chrono::steady_clock;

  explicit AsyncPublishes(std::chrono::milliseconds deadline) : deadline_(deadline) {}
  ~AsyncPublishes();
  AsyncPublishes(const AsyncPublishes&) = delete;
  AsyncPublishes& operator=(const AsyncPublishes&) = delete;

  // The jsOptions.PublishAsync.ErrHandler; the closure is this object. Takes the message over.
  static void on_error(jsCtx* js, jsPubAckErr* error, void* closure);

  // Keeps a message that was not acknowledged (owned from now on), for `take_failed`.
  void fail(natsMsg* message, const std::string& why);
  bool any_failed() const { return any_failed_.load(std::memory_order_acquire); }

  // The kept messages still inside their deadline (the caller owns them); those past it, or all
  // with `give_up`, are destroyed and counted as lost.
  std::vector<natsMsg*> take_failed(bool give_up = false);

  struct Outcome {
    std::uint64_t lost = 0;
    std::vector<std::string> lost_ids;  // the first few
    std::string lost_subject;           // the first one's
    std::string last_error;
  };
  // What was lost since the last call, and forgets the deadlines of everything else.
  Outcome settle();

  std::mutex flushing;  // one Transport::flush at a time: each loss is reported by exactly one

 private:
  const std::chrono::milliseconds deadline_;
  std::atomic<bool> any_failed_{false};
  std::mutex mutex_;
  std::vector<natsMsg*> failed_;
  std::unordered_map<std::string, Clock::time_point> give_up_;  // by event id, from the first failure
  Outcome outcome_;
};

}  // namespace avx::events::nats::internal
