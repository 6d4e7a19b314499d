#include "avx/events/nats/subjects.h"

#include "avx/events/detail/topic_trie.h"
#include "avx/events/topic.h"

namespace avx::events::nats {
namespace {

std::string join(const std::vector<std::string_view>& segments, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += '.';
    out += segments[i];
  }
  return out;
}

}  // namespace

Result<SubjectPlan> plan_subjects(std::string_view pattern) {
  if (auto valid = validate_pattern(pattern); !valid) return Unexpected{valid.error()};
  const std::vector<std::string_view> segments = detail::split_segments(pattern);
  std::size_t first = 0;
  while (first < segments.size() && segments[first] != "**") ++first;
  if (first == segments.size()) return SubjectPlan{{std::string(pattern)}, false};
  bool only_double_stars_after = true;  // then the pattern is exactly `prefix.**`
  for (std::size_t i = first; i < segments.size(); ++i) only_double_stars_after &= segments[i] == "**";
  if (first == 0) return SubjectPlan{{">"}, !only_double_stars_after};
  const std::string prefix = join(segments, first);
  if (only_double_stars_after) return SubjectPlan{{prefix, prefix + ".>"}, false};
  return SubjectPlan{{prefix + ".>"}, true};
}

}  // namespace avx::events::nats
