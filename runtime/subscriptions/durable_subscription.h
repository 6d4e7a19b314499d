#pragma once

// Durable subscriptions: a catch-up subscription of every stream whose checkpoint lives in the
// store, so a restarted process resumes right after the last event it handled. Several processes
// subscribing under one name with a GroupMember split the streams between them
// (avx/events/consumer_group.h).
//
//   auto sub = DurableSubscription::start(store, [&](const RecordedEvent& e) -> Status {
//     return shop::orders::deliver(projection, e);
//   }, {.name = "projection", .group = {.member = 1, .members = 3}, .dead_letters = letters.get()});
//
// Delivery is at least once: the checkpoint is saved after each handled event (or every
// checkpoint_every), so a crash between handling and saving hands that event over again.
// A handler that fails (an error or a throw): with dead_letters, the DeadLetterGuard retries it
// with the policy's backoff and parks it, and later events of its stream wait behind it while
// other streams flow; without, the subscription stops at that event (stats().error says why) and
// a restart delivers it again.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "avx/events/catch_up.h"
#include "avx/events/consumer_group.h"
#include "avx/events/dlq/dead_letter.h"
#include "avx/events/dlq/dead_letter_guard.h"
#include "avx/events/dlq/retry_policy.h"
#include "avx/events/store.h"

namespace avx::events {

struct DurableOptions {
  std::string name;                     // the subscription: names its checkpoint and its letters
  GroupMember group{};                  // this process's place in the consumer group
  std::size_t checkpoint_every = 1;     // handled events between checkpoint saves
  DeadLetterStore* dead_letters = nullptr;  // where failures are retried and parked; must outlive it
  RetryPolicy policy{};                 // for dead_letters
  std::size_t page_size = 512;          // events per read while catching up
  std::size_t live_capacity = 8192;     // live events buffered before falling back to reading
};

struct DurableStats {
  std::uint64_t handled = 0;     // this member's events, handled or kept as dead letters
  std::uint64_t skipped = 0;     // other members' events
  std::uint64_t checkpoint = 0;  // the last position saved
  CatchUpStats catch_up;         // position, lag, live, and error when it stopped
  std::optional<GuardStats> guard;  // with dead_letters
};

class DurableSubscription {
 public:
  using Handler = std::function<Status(const RecordedEvent&)>;

  // Joins the group, and delivers from after the member's checkpoint on a thread of its own.
  static Result<std::unique_ptr<DurableSubscription>> start(EventStore& store, Handler handler,
                                                            DurableOptions options);
  ~DurableSubscription();  // stop()

  DurableSubscription(const DurableSubscription&) = delete;
  DurableSubscription& operator=(const DurableSubscription&) = delete;

  // Stops delivering and saves the checkpoint of what was delivered; the handler is not running
  // after it returns.
  void stop();
  DurableStats stats() const;
  // Waits until every event up to global position `last` was delivered (handled or skipped).
  bool wait_for(std::uint64_t last, std::chrono::milliseconds timeout) const;

 private:
  DurableSubscription(EventStore& store, Handler handler, DurableOptions options);
  void on_event(const RecordedEvent& e);  // on the catch-up thread; throws to stop at e
  void save(std::uint64_t position);      // throws when the store refuses

  EventStore& store_;
  Handler handler_;
  DurableOptions options_;
  std::string checkpoint_;
  std::unique_ptr<DeadLetterGuard> guard_;
  std::unique_ptr<CatchUpSubscription> subscription_;
  // Written on the catch-up thread (and by stop() once it has ended); read by stats().
  std::atomic<std::uint64_t> handled_{0};
  std::atomic<std::uint64_t> skipped_{0};
  std::atomic<std::uint64_t> saved_{0};
  std::uint64_t unsaved_ = 0;  // events delivered since the last save
};

}  // namespace avx::events
