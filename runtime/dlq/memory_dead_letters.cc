// Dead letters in memory, for tests: the same contract as the SQLite store.

#include <map>
#include <mutex>

#include "avx/events/dlq/dead_letter.h"

namespace avx::events {
namespace {

bool of(const DeadLetter& l, std::string_view subscription) {
  return subscription.empty() || l.subscription == subscription;
}

class MemoryDeadLetters final : public DeadLetterStore {
 public:
  Result<std::uint64_t> add(DeadLetter letter) override {
    if (auto valid = check_letter(letter); !valid) return Unexpected{valid.error()};
    std::lock_guard lock(mutex_);
    letter.id = ++last_id_;
    letters_[letter.id] = std::move(letter);
    return last_id_;
  }

  Status update(const DeadLetter& letter) override {
    std::lock_guard lock(mutex_);
    auto it = letters_.find(letter.id);
    if (it == letters_.end()) return unexpected(Errc::kNotFound, "no dead letter " + std::to_string(letter.id));
    it->second = letter;
    return {};
  }

  Status remove(std::uint64_t id) override {
    std::lock_guard lock(mutex_);
    letters_.erase(id);
    return {};
  }

  Result<std::optional<DeadLetter>> get(std::uint64_t id) override {
    std::lock_guard lock(mutex_);
    auto it = letters_.find(id);
    return it == letters_.end() ? std::optional<DeadLetter>() : it->second;
  }

  Result<std::vector<DeadLetter>> list(std::string_view subscription, std::uint64_t after_id,
                                       std::size_t max_count) override {
    std::lock_guard lock(mutex_);
    std::vector<DeadLetter> out;
    for (auto it = letters_.upper_bound(after_id); it != letters_.end() && out.size() < max_count; ++it) {
      if (of(it->second, subscription)) out.push_back(it->second);
    }
    return out;
  }

  Result<std::optional<DeadLetter>> head(std::string_view subscription, std::string_view sequence) override {
    std::lock_guard lock(mutex_);
    for (const auto& [id, l] : letters_) {
      if (l.subscription == subscription && l.sequence == sequence) return std::optional<DeadLetter>(l);
    }
    return std::optional<DeadLetter>();
  }

  Result<std::vector<DeadLetter>> due(std::string_view subscription, Timestamp now, std::size_t max_count) override {
    std::lock_guard lock(mutex_);
    std::vector<DeadLetter> out;
    for (const auto& [id, l] : letters_) {
      if (out.size() >= max_count) break;
      if (l.subscription == subscription && l.state == LetterState::kRetrying && l.next_attempt_at <= now) {
        out.push_back(l);
      }
    }
    return out;
  }

  Result<LetterCounts> counts(std::string_view subscription) override {
    std::lock_guard lock(mutex_);
    LetterCounts c;
    for (const auto& [id, l] : letters_) {
      if (!of(l, subscription)) continue;
      if (l.state == LetterState::kRetrying) ++c.retrying;
      if (l.state == LetterState::kParked) ++c.parked;
      if (l.state == LetterState::kQueued) ++c.queued;
    }
    return c;
  }

  Result<std::uint64_t> request_replay(std::string_view subscription, std::optional<std::uint64_t> id,
                                       Timestamp now) override {
    std::lock_guard lock(mutex_);
    std::uint64_t n = 0;
    for (auto& [key, l] : letters_) {
      if (!of(l, subscription) || (id && key != *id) || l.state != LetterState::kParked) continue;
      l.state = LetterState::kRetrying;
      l.attempts = 0;
      l.next_attempt_at = now;
      ++n;
    }
    return n;
  }

  Result<std::uint64_t> purge(std::string_view subscription, std::optional<std::uint64_t> id) override {
    std::lock_guard lock(mutex_);
    std::uint64_t n = 0;
    std::vector<std::pair<std::string, std::string>> heads_gone;
    for (auto it = letters_.begin(); it != letters_.end();) {
      if (of(it->second, subscription) && (!id || it->first == *id)) {
        heads_gone.emplace_back(it->second.subscription, it->second.sequence);
        it = letters_.erase(it);
        ++n;
      } else {
        ++it;
      }
    }
    // A letter that waited behind a purged head is now its sequence's head: due at once.
    for (const auto& [sub, seq] : heads_gone) {
      for (auto& [key, l] : letters_) {
        if (l.subscription != sub || l.sequence != seq) continue;
        if (l.state == LetterState::kQueued) {
          l.state = LetterState::kRetrying;
          l.next_attempt_at = Timestamp{};
        }
        break;
      }
    }
    return n;
  }

 private:
  std::mutex mutex_;
  std::map<std::uint64_t, DeadLetter> letters_;
  std::uint64_t last_id_ = 0;
};

}  // namespace

std::unique_ptr<DeadLetterStore> make_memory_dead_letters() { return std::make_unique<MemoryDeadLetters>(); }

}  // namespace avx::events
