#include "avx/events/origin.h"

#include "avx/events/utf8.h"

namespace avx::events {
namespace {

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}

bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

}  // namespace

Status check_metadata_text(std::string_view what, std::string_view value) {
  if (value.size() > kMaxOriginValue) {
    return unexpected(Errc::kInvalidArgument, std::string(what) + " has " + std::to_string(value.size()) +
                                                  " bytes; at most " + std::to_string(kMaxOriginValue) + " fit");
  }
  if (!is_valid_utf8(value)) return unexpected(Errc::kInvalidArgument, std::string(what) + " is not valid UTF-8");
  for (char c : value) {
    if (is_control(c)) {
      return unexpected(Errc::kInvalidArgument, std::string(what) + " contains a control character");
    }
  }
  return {};
}

namespace {

Status check_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxHeaderKey) {
    return unexpected(Errc::kInvalidArgument, "header key of " + std::to_string(key.size()) +
                                                  " bytes: keys have 1 to " + std::to_string(kMaxHeaderKey));
  }
  for (char c : key) {
    if (!is_key_char(c)) {
      return unexpected(Errc::kInvalidArgument, "header key '" + std::string(key) +
                                                    "': keys are made of A-Z a-z 0-9 . _ -");
    }
  }
  return {};
}

}  // namespace

Status check_origin(const Origin& origin) {
  if (auto s = check_metadata_text("user_id", origin.user_id); !s) return s;
  if (auto s = check_metadata_text("source", origin.source); !s) return s;
  if (origin.headers.size() > kMaxHeaders) {
    return unexpected(Errc::kInvalidArgument, std::to_string(origin.headers.size()) + " headers; at most " +
                                                  std::to_string(kMaxHeaders) + " fit");
  }
  for (const auto& [key, value] : origin.headers) {
    if (auto s = check_key(key); !s) return s;
    if (value.empty()) {
      // NATS cannot carry one, and a header without a value says nothing its absence does not.
      return unexpected(Errc::kInvalidArgument, "header '" + key + "' has no value: leave it out instead");
    }
    if (auto s = check_metadata_text("header '" + key + "'", value); !s) return s;
  }
  return {};
}

}  // namespace avx::events
