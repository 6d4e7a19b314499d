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

}  // namespace avx::events
