#include "avx/events/dlq/dead_letter.h"

namespace avx::events {

const char* to_string(LetterState state) {
  switch (state) {
    case LetterState::kRetrying: return "retrying";
    case LetterState::kParked: return "parked";
    case LetterState::kQueued: return "queued";
  }
  return "unknown";
}

Status check_letter(const DeadLetter& letter) {
  if (auto origin = check_origin(letter.event.origin); !origin) {
    return unexpected(Errc::kInvalidArgument, "dead letter not stored: " + origin.error().message());
  }
  return {};
}

}  // namespace avx::events
