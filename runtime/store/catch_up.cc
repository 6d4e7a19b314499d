#include "avx/events/catch_up.h"

#include <algorithm>

namespace avx::events {

Result<std::unique_ptr<CatchUpSubscription>> CatchUpSubscription::start(EventStore& store, Handler handler,
                                                                        CatchUpOptions options) {
  if (options.stream) {
    if (auto valid = validate_stream_name(*options.stream); !valid) return Unexpected{valid.error()};
  }
  if (options.from == 0) options.from = 1;
  if (options.page_size == 0) options.page_size = 1;
  auto head = options.stream ? store.stream_version(*options.stream) : store.head_position();
  if (!head) return Unexpected{head.error()};
  return std::unique_ptr<CatchUpSubscription>(
      new CatchUpSubscription(store, std::move(handler), std::move(options), *head));
}

CatchUpSubscription::CatchUpSubscription(EventStore& store, Handler handler, CatchUpOptions options,
                                         std::uint64_t replay_target)
    : store_(store),
      handler_(std::move(handler)),
      options_(std::move(options)),
      replay_target_(replay_target),
      next_(options_.from),
      reader_(options_.stream ? EventCursor::stream(store, *options_.stream, next_, options_.page_size)
                              : EventCursor::all(store, next_, options_.page_size)),
      last_(options_.from - 1),
      thread_([this] { run(); }) {}

CatchUpSubscription::~CatchUpSubscription() { stop(); }

void CatchUpSubscription::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

CatchUpStats CatchUpSubscription::stats() const {
  CatchUpStats s;
  {
    std::lock_guard lock(mutex_);
    s.delivered = delivered_;
    s.last = last_;
    s.live = live_mode_;
    s.fallbacks = fallbacks_;
    s.error = error_;
  }
  auto head = options_.stream ? store_.stream_version(*options_.stream) : store_.head_position();
  s.head = head ? *head : 0;
  s.lag = s.head > s.last ? s.head - s.last : 0;
  std::uint64_t start = options_.from - 1;
  s.replay_progress = replay_target_ <= start ? 1.0
                                              : std::min(1.0, static_cast<double>(s.last - std::min(s.last, start)) /
                                                                  static_cast<double>(replay_target_ - start));
  return s;
}

bool CatchUpSubscription::wait_for(std::uint64_t last, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return last_ >= last || stopping_ || error_.has_value(); }) &&
         last_ >= last;
}

void CatchUpSubscription::fail(Error error) {
  {
    std::lock_guard lock(mutex_);
    error_ = std::move(error);
  }
  changed_.notify_all();  // wake wait_for
}

bool CatchUpSubscription::deliver(const RecordedEvent& e) {
  try {
    handler_(e);
  } catch (const std::exception& ex) {
    fail(Error(Errc::kInternal, "catch-up handler threw at " + std::to_string(key(e)) + ": " + ex.what()));
    return false;
  } catch (...) {
    fail(Error(Errc::kInternal, "catch-up handler threw at " + std::to_string(key(e))));
    return false;
  }
  ++next_;
  {
    std::lock_guard lock(mutex_);
    ++delivered_;
    last_ = key(e);
  }
  changed_.notify_all();
  return true;
}

bool CatchUpSubscription::catch_up() {
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return false;
    }
    reader_.seek(next_);  // live delivery may have moved on since the last read
    if (auto read = reader_.next(); !read) {
      fail(read.error());
      return false;
    }
    for (const RecordedEvent& e : reader_.page()) {
      if (key(e) != next_) continue;  // never happens with a consistent store; never deliver twice
      if (!deliver(e)) return false;
    }
    if (reader_.caught_up()) return true;
  }
}

void CatchUpSubscription::listen() {
  if (listener_ != 0) return;
  std::uint64_t id = store_.add_commit_listener([this](const std::vector<RecordedEvent>& committed) {
    std::lock_guard lock(mutex_);
    if (committed.empty()) reread_ = true;  // commits we were not shown: read them
    if (overflowed_) return;
    for (const RecordedEvent& e : committed) {
      if (options_.stream && e.stream != *options_.stream) continue;
      if (live_.size() >= options_.live_capacity) {
        overflowed_ = true;  // too slow for the live feed: read the store instead
        live_.clear();
        break;
      }
      live_.push_back(e);
    }
    changed_.notify_all();
  });
  std::lock_guard lock(mutex_);
  listener_ = id;
}

// Never called with mutex_ held: the store calls listeners under its own lock, and they take mutex_.
void CatchUpSubscription::unlisten() {
  std::uint64_t id;
  {
    std::lock_guard lock(mutex_);
    id = std::exchange(listener_, 0);
    live_.clear();
    overflowed_ = false;
    reread_ = false;
    live_mode_ = false;
  }
  if (id != 0) store_.remove_commit_listener(id);
}

void CatchUpSubscription::run() {
  while (catch_up()) {
    // Listen, then read once more: commits between the last read and the listener are read now;
    // those also seen live are skipped by key.
    listen();
    if (!catch_up()) break;
    {
      std::lock_guard lock(mutex_);
      live_mode_ = true;
    }
    bool fall_back = false;
    while (!fall_back) {
      std::deque<RecordedEvent> batch;
      bool reread = false;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return stopping_ || overflowed_ || reread_ || !live_.empty(); });
        if (stopping_) break;
        fall_back = overflowed_;
        reread = std::exchange(reread_, false);
        batch.swap(live_);
      }
      if (fall_back) break;
      bool gap = reread;
      for (const RecordedEvent& e : batch) {
        if (key(e) < next_) continue;  // already delivered
        if (key(e) > next_) {
          gap = true;
          break;
        }
        if (!deliver(e)) return unlisten();
      }
      if (gap && !catch_up()) break;
    }
    unlisten();
    if (!fall_back) return;
    std::lock_guard lock(mutex_);
    ++fallbacks_;
  }
  unlisten();
}

}  // namespace avx::events
