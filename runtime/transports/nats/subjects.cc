#include "avx/events/nats/subjects.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

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

// `>` or `x.>`: one subject over every partition token below it.
bool spans_partitions(const std::string& subject) { return subject == ">" || subject.ends_with(".>"); }

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

std::string durable_name(std::string_view group, std::string_view subject) {
  std::string out(group);
  for (char& c : out) {
    if (c == '.' || c == '*' || c == '>' || c == ' ') c = '_';
  }
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(stable_hash(subject)));
  return out + "_" + hash;
}

std::string partitioned_subject(std::string_view topic, std::uint32_t partition) {
  return std::string(topic) + ".~p" + std::to_string(partition);
}

std::string_view topic_of_subject(std::string_view subject, std::optional<std::uint32_t>* partition) {
  const std::size_t dot = subject.rfind(".~p");
  if (dot == std::string_view::npos) return subject;
  std::string_view digits = subject.substr(dot + 3);
  std::uint32_t k = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), k);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) return subject;
  if (partition != nullptr) *partition = k;
  return subject.substr(0, dot);
}

std::vector<Feed> feeds(const SubjectPlan& plan, std::uint32_t partitions) {
  std::vector<Feed> out;
  for (const std::string& subject : plan.subjects) {
    if (partitions == 0) {
      out.push_back({subject, std::nullopt, false});
      continue;
    }
    const bool spans = spans_partitions(subject);
    for (std::uint32_t k = 0; k < partitions; ++k) {
      out.push_back({spans ? subject : partitioned_subject(subject, k), k, spans});
    }
  }
  return out;
}

std::vector<std::string> stream_subjects(const SubjectPlan& plan, std::uint32_t partitions) {
  std::vector<std::string> out;
  for (const std::string& subject : plan.subjects) {
    const bool spans = spans_partitions(subject);
    if (partitions == 0 || spans) {
      out.push_back(subject);
    } else if (std::find(plan.subjects.begin(), plan.subjects.end(), subject + ".>") == plan.subjects.end()) {
      out.push_back(subject + ".*");
    }
  }
  return out;
}

}  // namespace avx::events::nats
