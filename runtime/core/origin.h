#pragma once

// Where an event comes from beyond the chain of messages that caused it: who asked for it, which
// service wrote it, and free-form string headers (tenant, trace ids, ...). It travels with the
// event through the bus, the stores, dead letters and transports, unchanged.

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "avx/events/result.h"

namespace avx::events {

// Each key once, in key order (so equal sets compare equal and encode to equal bytes).
using Headers = std::map<std::string, std::string, std::less<>>;

struct Origin {
  std::string user_id;  // who asked for it; empty when nobody is known
  std::string source;   // the service that published or stored it
  Headers headers;

  bool empty() const { return user_id.empty() && source.empty() && headers.empty(); }
  bool operator==(const Origin&) const = default;
};

// The limits every store and transport keeps, so that an origin accepted by one is accepted by all.
inline constexpr std::size_t kMaxHeaders = 64;
inline constexpr std::size_t kMaxHeaderKey = 64;     // bytes of A-Z a-z 0-9 . _ -
inline constexpr std::size_t kMaxOriginValue = 1024; // bytes of UTF-8 without control characters

// Whether a store or transport can carry `origin`: header keys of 1 to kMaxHeaderKey characters
// A-Z a-z 0-9 . _ - (valid as NATS and HTTP header names); user id, source and header values valid
// UTF-8 of at most kMaxOriginValue bytes, without control characters (a value never breaks a
// header line or a log line); no header without a value. The error names the offending field.
Status check_origin(const Origin& origin);

// Whether any other text an event carries (its type, correlation and causation ids, an aggregate
// id) can be carried and kept everywhere: the rule of the origin's values, valid UTF-8 of at most
// kMaxOriginValue bytes without control characters (PostgreSQL's text refuses invalid UTF-8 and
// ends at a NUL; a header or log line would break at a newline). The error names `what`.
Status check_metadata_text(std::string_view what, std::string_view value);

}  // namespace avx::events
