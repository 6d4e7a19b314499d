#pragma once

// Dead letters: events a subscription's handler failed on, kept with the error, the attempts and
// their times, and the event exactly as stored (type, schema version and payload bytes), so that
// replaying one reads it through today's upcasters.
//
// Letters of one sequence (an aggregate's stream) stay in order: the oldest is the head, which is
// retried or parked; later events of that sequence wait behind it as kQueued, untried. Other
// sequences keep flowing. Backends: in memory (tests) and the SQLite event store file.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "avx/events/result.h"
#include "avx/events/store.h"
#include "avx/events/time.h"

namespace avx::events {

enum class LetterState {
  kRetrying,  // the head of its sequence, to be retried at next_attempt_at
  kParked,    // the head, out of attempts: waits for a replay or a purge
  kQueued,    // behind the head of its sequence; never tried
};
const char* to_string(LetterState state);

struct DeadLetter {
  std::uint64_t id = 0;  // assigned by the store, increasing
  std::string subscription;
  std::string sequence;  // the event's stream: its order is kept
  RecordedEvent event;
  LetterState state = LetterState::kRetrying;
  std::uint32_t attempts = 0;  // failed deliveries so far
  std::string error;           // of the last failed delivery
  Timestamp first_failed_at{};
  Timestamp last_failed_at{};
  Timestamp next_attempt_at{};

  bool operator==(const DeadLetter&) const = default;
};

struct LetterCounts {
  std::uint64_t retrying = 0;
  std::uint64_t parked = 0;
  std::uint64_t queued = 0;
};

class DeadLetterStore {
 public:
  virtual ~DeadLetterStore() = default;

  // Stores a new letter and returns its id. Fails on a letter check_letter refuses.
  virtual Result<std::uint64_t> add(DeadLetter letter) = 0;
  virtual Status update(const DeadLetter& letter) = 0;
  virtual Status remove(std::uint64_t id) = 0;
  virtual Result<std::optional<DeadLetter>> get(std::uint64_t id) = 0;

  // Letters by id after `after_id`, of one subscription (empty: all).
  virtual Result<std::vector<DeadLetter>> list(std::string_view subscription, std::uint64_t after_id,
                                               std::size_t max_count) = 0;
  // The oldest letter of the sequence; nullopt when the sequence flows.
  virtual Result<std::optional<DeadLetter>> head(std::string_view subscription, std::string_view sequence) = 0;
  // kRetrying letters whose next attempt is due at `now`, oldest first.
  virtual Result<std::vector<DeadLetter>> due(std::string_view subscription, Timestamp now, std::size_t max_count) = 0;
  virtual Result<LetterCounts> counts(std::string_view subscription) = 0;

  // Parked letters of the subscription (empty: all), or only letter `id`, become kRetrying with no
  // attempts, due at `now`: the retry policy applies afresh. Returns how many.
  virtual Result<std::uint64_t> request_replay(std::string_view subscription, std::optional<std::uint64_t> id,
                                               Timestamp now) = 0;
  // Deletes the letters of the subscription (empty: all), or only letter `id`. Returns how many.
  virtual Result<std::uint64_t> purge(std::string_view subscription, std::optional<std::uint64_t> id) = 0;
};

// What every DeadLetterStore checks before it stores a letter: an event origin that every store
// and transport can keep (check_origin), so a letter reads back as it was written.
Status check_letter(const DeadLetter& letter);

std::unique_ptr<DeadLetterStore> make_memory_dead_letters();

}  // namespace avx::events
