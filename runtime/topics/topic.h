#pragma once

// Topics and patterns, as SCHEMA.md section 2 defines them.
//
// A topic is dot-separated segments of [A-Za-z0-9_-]+. A pattern may also use whole-segment
// wildcards: `*` matches exactly one segment, `**` zero or more. Matching is case-sensitive.

#include <cstddef>
#include <span>
#include <string_view>

#include "avx/events/result.h"

namespace avx::events {

// Limits against hostile input: a longer topic or pattern, or one with more segments, is invalid.
// Generous for real names (NATS subjects are usually well under 256 bytes).
inline constexpr std::size_t kMaxTopicBytes = 1024;
inline constexpr std::size_t kMaxTopicSegments = 64;

// Ok, or an error naming the offending segment (or limit) and why.
Status validate_topic(std::string_view topic);
Status validate_pattern(std::string_view pattern);

// False when either side is invalid; validate_* says why.
bool topic_matches(std::string_view pattern, std::string_view topic);

namespace detail {
// Both inputs already valid. Linear in |pattern| * |topic| segments at worst.
bool matches_valid(std::string_view pattern, std::string_view topic);
// The same on segments already split (a caller that keeps patterns split matches without
// allocating).
bool match_segments(std::span<const std::string_view> pattern, std::span<const std::string_view> topic);
}  // namespace detail

}  // namespace avx::events
