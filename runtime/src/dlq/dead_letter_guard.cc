#include "avx/events/dlq/dead_letter_guard.h"

namespace avx::events {

DeadLetterGuard::DeadLetterGuard(DeadLetterStore& letters, Handler handler, GuardOptions options)
    : letters_(letters), handler_(std::move(handler)), options_(std::move(options)), random_(options_.seed) {
  if (options_.policy.max_attempts == 0) options_.policy.max_attempts = 1;
}

DeadLetterGuard::~DeadLetterGuard() { stop(); }

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
  std::lock_guard lock(mutex_);
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
    ++stats_.delivered;
    return {};
  }
  DeadLetter letter{0, options_.subscription, event.stream, event, LetterState::kRetrying, 0, {}, now, now, now};
  return failed(std::move(letter), std::move(error));
}

// Called with mutex_ held, after an attempt on `letter` failed (letter.attempts not yet counted).
Status DeadLetterGuard::failed(DeadLetter letter, std::string error) {
  const Timestamp now = options_.clock();
  ++stats_.failures;
  ++letter.attempts;
  if (letter.attempts == 1) letter.first_failed_at = now;
  letter.last_failed_at = now;
  letter.error = std::move(error);
  if (letter.attempts >= options_.policy.max_attempts) {
    letter.state = LetterState::kParked;
    ++stats_.parked;
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
    ++stats_.retries;
    if (!attempt(next.event, error)) {
      return failed(std::move(next), std::move(error));
    }
    ++stats_.delivered;
    if (auto removed = letters_.remove(next.id); !removed) return removed;
  }
}

Result<std::size_t> DeadLetterGuard::poll() {
  std::lock_guard lock(mutex_);
  auto due = letters_.due(options_.subscription, options_.clock(), 1024);
  if (!due) return Unexpected{due.error()};
  std::size_t attempts = 0;
  for (DeadLetter& letter : *due) {
    ++attempts;
    ++stats_.retries;
    std::string error;
    if (!attempt(letter.event, error)) {
      if (auto s = failed(std::move(letter), std::move(error)); !s) return Unexpected{s.error()};
      continue;
    }
    ++stats_.delivered;
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
    std::lock_guard lock(mutex_);
    s = stats_;
  }
  if (auto counts = letters_.counts(options_.subscription)) s.letters = *counts;
  return s;
}

}  // namespace avx::events
