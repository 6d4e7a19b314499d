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
    case Errc::kPermissionDenied: return "permission denied";
  }
  return "unknown";
}

Error& Error::with_detail(std::string_view key, std::string value) {
  for (auto& [k, v] : details_) {
    if (k == key) {
      v = std::move(value);
      return *this;
    }
  }
  details_.emplace_back(std::string(key), std::move(value));
  return *this;
}

std::optional<std::string_view> Error::detail(std::string_view key) const {
  for (const auto& [k, v] : details_) {
    if (k == key) return v;
  }
  return std::nullopt;
}

}  // namespace avx::events
