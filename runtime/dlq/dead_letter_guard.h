#pragma once

// DeadLetterGuard: wraps a subscription's handler so that failures neither lose events nor block
// the subscription.
//
//   auto letters = open_sqlite_dead_letters("app.db");
//   DeadLetterGuard guard(**letters, [&](const RecordedEvent& e) { return shop::orders::deliver(projection, e); },
//                         {.subscription = "projection", .policy = {.max_attempts = 5}});
//   guard.start();                                              // retries due letters in the background
//   auto sub = CatchUpSubscription::start(store, [&](const RecordedEvent& e) {
//     // deliver() fails only when the dead-letter store does: then the event was neither handled
//     // nor kept. Throwing stops the subscription at this event (stats().error says why), so
//     // nothing is skipped; restart it from stats().last + 1 once the store is back.
//     if (auto kept = guard.deliver(e); !kept) throw std::runtime_error(kept.error().message());
//   });
//
// A handler that returns an error or throws has its event stored as a dead letter, retried with
// exponential backoff and jitter, and parked after the policy's attempts. While a sequence (the
// event's stream: one aggregate) has a letter, its later events are queued behind it untried, so
// one aggregate's events are never handled out of order; other aggregates keep flowing. When the
// head succeeds (by a retry or a replay) the events behind it are delivered in order. Replaying
// applies the policy afresh, so a letter that still fails is parked again, not retried forever.
// Letters hold the event as stored, so a handler that reads through the generated registry sees
// old letters upcast to today's types. Everything lives in the DeadLetterStore: after a restart,
// a new guard carries on where the old one stopped.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "avx/events/dlq/dead_letter.h"
#include "avx/events/dlq/retry_policy.h"

namespace avx::events {

struct GuardOptions {
  std::string subscription = "default";
  RetryPolicy policy;
  std::function<Timestamp()> clock = [] { return now(); };  // injectable for tests
  std::uint64_t seed = std::random_device{}();              // for the jitter
  std::chrono::milliseconds poll_interval{50};              // start(): how often to look for due letters
};

struct GuardStats {
  std::uint64_t delivered = 0;  // handled successfully, first time or on a retry
  std::uint64_t failures = 0;   // failed attempts
  std::uint64_t retries = 0;    // attempts after the first
  std::uint64_t parked = 0;     // letters parked by this guard
  LetterCounts letters;         // what the store holds for the subscription now
};

class DeadLetterGuard {
 public:
  using Handler = std::function<Status(const RecordedEvent&)>;

  DeadLetterGuard(DeadLetterStore& letters, Handler handler, GuardOptions options = {});
  ~DeadLetterGuard();
  DeadLetterGuard(const DeadLetterGuard&) = delete;
  DeadLetterGuard& operator=(const DeadLetterGuard&) = delete;

  // Handles the event now, or queues it behind its sequence's letter. An error only when the
  // dead-letter store itself failed (then the event is neither handled nor kept: stop and retry),
  // or when called from inside this guard's own handler (kFailedPrecondition: it would wait for
  // itself). The guard runs one delivery at a time but holds no lock while the handler runs, so
  // the handler may call stats().
  Status deliver(const RecordedEvent& event);

  // Retries every letter due at clock(), and delivers what waited behind those that succeed.
  // Returns the number of attempts made.
  Result<std::size_t> poll();

  // Parked letters (all of this subscription, or one) get the policy afresh, and are tried now.
  Result<std::uint64_t> replay(std::optional<std::uint64_t> id = std::nullopt);

  // Polls on a thread of its own every poll_interval, until stop() or destruction.
  void start();
  void stop();

  GuardStats stats() const;

 private:
  // One delivery at a time, so each sequence stays in order; no mutex is held while it runs.
  class Turn;
  Status take_turn();
  void end_turn();

  // One attempt; false with the reason when the handler failed.
  bool attempt(const RecordedEvent& event, std::string& error);
  void count(std::uint64_t GuardStats::*field);
  Status failed(DeadLetter letter, std::string error);  // schedules a retry or parks
  Status drain(const std::string& sequence);            // delivers what waited behind a resolved head

  DeadLetterStore& letters_;
  Handler handler_;
  GuardOptions options_;
  std::mutex turn_mutex_;
  std::condition_variable turn_cv_;
  bool busy_ = false;                          // a delivery, poll or replay is running
  std::atomic<std::thread::id> turn_owner_{};  // its thread, to refuse re-entry from the handler
  std::mt19937_64 random_;                     // used only during a turn
  mutable std::mutex stats_mutex_;
  GuardStats stats_;

  std::mutex run_mutex_;
  std::condition_variable run_cv_;
  bool running_ = false;
  std::thread thread_;
};

}  // namespace avx::events
