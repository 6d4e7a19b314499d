#include "avx/events/result.h"

namespace avx::events {

const char* to_string(Errc code) {
  switch (code) {
    case Errc::kInvalidArgument: return "invalid argument";
    case Errc::kNotFound: return "not found";
    case Errc::kConflict: return "conflict";
    case Errc::kUnavailable: return "unavailable";
    case Errc::kTimeout: return "timeout";
    case Errc::kNoResponders: return "no responders";
    case Errc::kAlreadyExists: return "already exists";
    case Errc::kUnimplemented: return "unimplemented";
    case Errc::kFailedPrecondition: return "failed precondition";
    case Errc::kInternal: return "internal";
  }
  return "unknown";
}

}  // namespace avx::events
