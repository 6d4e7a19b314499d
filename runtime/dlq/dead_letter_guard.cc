#include "avx/events/dlq/dead_letter_guard.h"

namespace avx::events {

DeadLetterGuard::DeadLetterGuard(DeadLetterStore& letters, Handler handler, GuardOptions options)
    : letters_(letters), handler_(std::move(handler)), options_(std::move(options)), random_(options_.seed) {
  if (options_.policy.max_attempts == 0) options_.policy.max_attempts = 1;
}

DeadLetterGuard::~DeadLetterGuard() { stop(); }

Status DeadLetterGuard::take_turn() {
  if (turn_owner_.load(std::memory_order_acquire) == std::this_thread::get_id()) {
    return unexpected(Errc::kFailedPrecondition, "dead-letter guard '" + options_.subscription +
                                                     "' was called from inside its own handler");
  }
  std::unique_lock lock(turn_mutex_);
  turn_cv_.wait(lock, [this] { return !busy_; });
  busy_ = true;
  turn_owner_.store(std::this_thread::get_id(), std::memory_order_release);
  return {};
}

void DeadLetterGuard::end_turn() {
  {
    std::lock_guard lock(turn_mutex_);
    busy_ = false;
    turn_owner_.store(std::thread::id(), std::memory_order_release);
  }
  turn_cv_.notify_one();
}

// Holds the turn for a scope.
class DeadLetterGuard::Turn {
 public:
  explicit Turn(DeadLetterGuard& guard) : guard_(guard), taken_(guard.take_turn()) {}
  ~Turn() {
    if (taken_) guard_.end_turn();
  }
  const Status& taken() const { return taken_; }

 private:
  DeadLetterGuard& guard_;
  Status taken_;
};

void DeadLetterGuard::count(std::uint64_t GuardStats::*field) {
  std::lock_guard lock(stats_mutex_);
  ++(stats_.*field);
}

bool DeadLetterGuard::attempt(const RecordedEvent& event, std::string& error) {
  try {
    Status handled = handler_(event);
    if (handled) return true;
    error = handled.error().message();
  } catch (const std::exception& e) {
    error = std::string("handler threw: ") + e.what();
  } catch (...) {
    error = "handler threw a non-exception";
  }
  return false;
}

Status DeadLetterGuard::deliver(const RecordedEvent& event) {
  Turn turn(*this);
  if (!turn.taken()) return turn.taken();
  auto head = letters_.head(options_.subscription, event.stream);
  if (!head) return Unexpected{head.error()};
  const Timestamp now = options_.clock();
  if (*head) {  // the sequence waits for its head: keep order
    DeadLetter queued{0, options_.subscription, event.stream, event, LetterState::kQueued, 0, "behind dead letter " +
                                                                                               std::to_string((*head)->id),
                      now, now, now};
    auto added = letters_.add(std::move(queued));
    if (!added) return Unexpected{added.error()};
    return {};
  }
  std::string error;
  if (attempt(event, error)) {
    count(&GuardStats::delivered);
    return {};
  }
  DeadLetter letter{0, options_.subscription, event.stream, event, LetterState::kRetrying, 0, {}, now, now, now};
  return failed(std::move(letter), std::move(error));
}

// Called during a turn, after an attempt on `letter` failed (letter.attempts not yet counted).
Status DeadLetterGuard::failed(DeadLetter letter, std::string error) {
  const Timestamp now = options_.clock();
  count(&GuardStats::failures);
  ++letter.attempts;
  if (letter.attempts == 1) letter.first_failed_at = now;
  letter.last_failed_at = now;
  letter.error = std::move(error);
  if (letter.attempts >= options_.policy.max_attempts) {
    letter.state = LetterState::kParked;
    count(&GuardStats::parked);
  } else {
    letter.state = LetterState::kRetrying;
    letter.next_attempt_at = now + options_.policy.backoff(letter.attempts, random_);
  }
  if (letter.id == 0) {
    auto added = letters_.add(std::move(letter));
    if (!added) return Unexpected{added.error()};
    return {};
  }
  return letters_.update(letter);
}

Status DeadLetterGuard::drain(const std::string& sequence) {
  while (true) {
    auto head = letters_.head(options_.subscription, sequence);
    if (!head) return Unexpected{head.error()};
    if (!*head || (*head)->state != LetterState::kQueued) return {};  // flowing again, or a head still failing
    DeadLetter next = std::move(**head);
    std::string error;
    count(&GuardStats::retries);
    if (!attempt(next.event, error)) {
      return failed(std::move(next), std::move(error));
    }
    count(&GuardStats::delivered);
    if (auto removed = letters_.remove(next.id); !removed) return removed;
  }
}

Result<std::size_t> DeadLetterGuard::poll() {
  Turn turn(*this);
  if (!turn.taken()) return Unexpected{turn.taken().error()};
  auto due = letters_.due(options_.subscription, options_.clock(), 1024);
  if (!due) return Unexpected{due.error()};
  std::size_t attempts = 0;
  for (DeadLetter& letter : *due) {
    ++attempts;
    count(&GuardStats::retries);
    std::string error;
    if (!attempt(letter.event, error)) {
      if (auto s = failed(std::move(letter), std::move(error)); !s) return Unexpected{s.error()};
      continue;
    }
    count(&GuardStats::delivered);
    if (auto removed = letters_.remove(letter.id); !removed) return Unexpected{removed.error()};
    if (auto drained = drain(letter.sequence); !drained) return Unexpected{drained.error()};
  }
  return attempts;
}

Result<std::uint64_t> DeadLetterGuard::replay(std::optional<std::uint64_t> id) {
  auto requested = letters_.request_replay(options_.subscription, id, options_.clock());
  if (!requested) return requested;
  if (auto polled = poll(); !polled) return Unexpected{polled.error()};
  return requested;
}

void DeadLetterGuard::start() {
  std::lock_guard lock(run_mutex_);
  if (running_) return;
  running_ = true;
  thread_ = std::thread([this] {
    std::unique_lock lock(run_mutex_);
    while (running_) {
      lock.unlock();
      (void)poll();  // a store error now is tried again at the next tick
      lock.lock();
      run_cv_.wait_for(lock, options_.poll_interval, [this] { return !running_; });
    }
  });
}

void DeadLetterGuard::stop() {
  {
    std::lock_guard lock(run_mutex_);
    running_ = false;
  }
  run_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

GuardStats DeadLetterGuard::stats() const {
  GuardStats s;
  {
    std::lock_guard lock(stats_mutex_);
    s = stats_;
  }
  if (auto counts = letters_.counts(options_.subscription)) s.letters = *counts;
  return s;
}

}  // namespace avx::events
