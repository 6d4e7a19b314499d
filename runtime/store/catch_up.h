#pragma once

// Catch-up subscriptions: deliver a store's events from a position, first by reading what is
// stored (replay), then live as commits happen, with no gap and no duplicate across the switch,
// while writers keep appending. A subscriber too slow for the live feed is never dropped: when its
// live buffer overflows it falls back to reading the store, catches up, and goes live again.
//
//   auto sub = avx::events::CatchUpSubscription::start(store, [](const RecordedEvent& e) { ... });
//   sub->stats().lag;   // head position minus the last delivered position

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "avx/events/event_cursor.h"
#include "avx/events/store.h"

namespace avx::events {

struct CatchUpOptions {
  std::uint64_t from = 1;              // first position (every stream) or version (one stream) to deliver
  std::optional<std::string> stream = std::nullopt;  // one stream, or every stream
  std::size_t page_size = 512;         // events per read while catching up
  std::size_t live_capacity = 8192;    // live events buffered; beyond that, fall back to reading
};

struct CatchUpStats {
  std::uint64_t delivered = 0;  // handler calls
  std::uint64_t last = 0;       // last delivered position (or stream version)
  std::uint64_t head = 0;       // the store's head position (or the stream's version)
  std::uint64_t lag = 0;        // head - last
  bool live = false;            // delivering from commits rather than reading the store
  double replay_progress = 0;   // 0..1 of what was stored when the subscription started
  std::uint64_t fallbacks = 0;  // times the live buffer overflowed and reading took over
  std::optional<Error> error;   // set when the subscription stopped on an error (a handler threw)
};

class CatchUpSubscription {
 public:
  using Handler = std::function<void(const RecordedEvent&)>;

  // Starts delivering on a thread of its own. The store must outlive the subscription.
  static Result<std::unique_ptr<CatchUpSubscription>> start(EventStore& store, Handler handler,
                                                            CatchUpOptions options = {});
  ~CatchUpSubscription();  // stops; the handler is not running after it returns

  CatchUpSubscription(const CatchUpSubscription&) = delete;
  CatchUpSubscription& operator=(const CatchUpSubscription&) = delete;

  void stop();
  CatchUpStats stats() const;
  // Waits until everything up to `last` was delivered (or the subscription stopped); for tests and
  // orderly shutdown.
  bool wait_for(std::uint64_t last, std::chrono::milliseconds timeout) const;

 private:
  CatchUpSubscription(EventStore& store, Handler handler, CatchUpOptions options, std::uint64_t replay_target);
  void run();
  bool catch_up();                     // reads the store from next_ until caught up; false on error/stop
  bool deliver(const RecordedEvent& e);  // false when the handler threw
  void fail(Error error);               // records why the subscription stopped
  std::uint64_t key(const RecordedEvent& e) const { return reader_.key(e); }
  void listen();
  void unlisten();

  EventStore& store_;
  Handler handler_;
  CatchUpOptions options_;
  std::uint64_t replay_target_;
  std::uint64_t next_;  // next position (or version) to deliver; only the thread writes it
  EventCursor reader_;  // only the thread uses it

  mutable std::mutex mutex_;  // guards what follows
  mutable std::condition_variable changed_;
  std::deque<RecordedEvent> live_;
  bool overflowed_ = false;
  bool reread_ = false;  // the store committed events we were not shown (a listener's empty list)
  bool stopping_ = false;
  bool live_mode_ = false;
  std::uint64_t listener_ = 0;
  std::uint64_t delivered_ = 0;
  std::uint64_t last_ = 0;
  std::uint64_t fallbacks_ = 0;
  std::optional<Error> error_;
  std::thread thread_;
};

}  // namespace avx::events
