#pragma once

// The text forms of the JSON mapping's scalars (docs/schema.md, "JSON"), for tools that read or
// print them too (the CLI takes --until as an RFC 3339 time).

#include <optional>
#include <string>
#include <string_view>

#include "avx/events/time.h"

namespace avx::events::json {

// RFC 3339 in UTC, the fraction only as long as needed: 2026-11-26T12:00:00.123456789Z.
std::string format_timestamp(Timestamp value);
// RFC 3339 with Z or an offset, 0 to 9 fraction digits; nullopt when malformed or out of range.
std::optional<Timestamp> parse_timestamp(std::string_view text);

// Seconds with 0, 3, 6 or 9 fraction digits and an `s`, as protobuf writes them: "1.500s".
std::string format_duration(Duration value);
std::optional<Duration> parse_duration(std::string_view text);

// Standard base64 with padding; reading also takes URL-safe and unpadded text.
std::string format_base64(std::string_view bytes);
std::optional<std::string> parse_base64(std::string_view text);

}  // namespace avx::events::json
