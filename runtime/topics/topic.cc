#include "avx/events/topic.h"

#include "avx/events/detail/topic_trie.h"

#include <string>
#include <vector>

namespace avx::events {
namespace {

bool is_segment_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

Status invalid(std::string_view what, std::string_view text, std::size_t index, std::string problem) {
  return unexpected(Errc::kInvalidArgument, std::string(what) + " '" + std::string(text) + "': segment " +
                                                std::to_string(index) + " " + std::move(problem));
}

// Walks the segments in place: publishing validates every topic, so this must not allocate.
Status validate(std::string_view text, bool allow_wildcards) {
  const char* what = allow_wildcards ? "pattern" : "topic";
  if (text.empty()) return unexpected(Errc::kInvalidArgument, std::string("empty ") + what);
  if (text.size() > kMaxTopicBytes) {  // not echoed whole: it may be megabytes
    return unexpected(Errc::kInvalidArgument, std::string(what) + " '" + std::string(text.substr(0, 64)) + "...' is " +
                                                  std::to_string(text.size()) + " bytes long; the limit is " +
                                                  std::to_string(kMaxTopicBytes));
  }
  std::size_t index = 0, start = 0;
  while (start <= text.size()) {
    if (index == kMaxTopicSegments) {
      return unexpected(Errc::kInvalidArgument, std::string(what) + " '" + std::string(text) + "' has more than " +
                                                    std::to_string(kMaxTopicSegments) + " segments");
    }
    std::size_t dot = text.find('.', start);
    std::size_t end = dot == std::string_view::npos ? text.size() : dot;
    std::string_view segment = text.substr(start, end - start);
    ++index;
    if (segment.empty()) return invalid(what, text, index, "is empty");
    if (segment == "*" || segment == "**") {
      if (!allow_wildcards) return invalid(what, text, index, "is a wildcard; a topic must be concrete");
    } else {
      for (char c : segment) {
        if (c == '*') {
          return invalid(what, text, index,
                         "('" + std::string(segment) + "') mixes '*' with other characters; wildcards must be whole segments");
        }
        if (!is_segment_char(c)) {
          return invalid(what, text, index, "('" + std::string(segment) + "') has a character outside [A-Za-z0-9_-]");
        }
      }
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return {};
}

}  // namespace

Status validate_topic(std::string_view topic) { return validate(topic, false); }
Status validate_pattern(std::string_view pattern) { return validate(pattern, true); }

namespace detail {

// Iterative glob matching over segments with backtracking to the last `**`, as in classic
// wildcard matching: O(|pattern| * |topic|) in the worst case, no recursion.
bool match_segments(std::span<const std::string_view> p, std::span<const std::string_view> t) {
  std::size_t pi = 0, ti = 0;
  std::size_t star_p = std::string_view::npos, star_t = 0;
  while (ti < t.size()) {
    if (pi < p.size() && p[pi] == "**") {
      star_p = pi++;
      star_t = ti;
    } else if (pi < p.size() && (p[pi] == "*" || p[pi] == t[ti])) {
      ++pi;
      ++ti;
    } else if (star_p != std::string_view::npos) {
      pi = star_p + 1;
      ti = ++star_t;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == "**") ++pi;
  return pi == p.size();
}

bool matches_valid(std::string_view pattern, std::string_view topic) {
  return match_segments(split_segments(pattern), split_segments(topic));
}

}  // namespace detail

bool topic_matches(std::string_view pattern, std::string_view topic) {
  if (!validate_pattern(pattern) || !validate_topic(topic)) return false;
  return detail::matches_valid(pattern, topic);
}

}  // namespace avx::events
