// Fuzz target: a pattern and a topic (split at the first newline). Validation and matching never
// crash, the trie agrees with the reference matcher, and an invalid side never matches.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "avx/events/detail/topic_trie.h"
#include "avx/events/topic.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto cut = input.find('\n');
  if (cut == std::string_view::npos) return 0;
  std::string_view pattern = input.substr(0, cut), topic = input.substr(cut + 1);
  bool valid = avx::events::validate_pattern(pattern) && avx::events::validate_topic(topic);
  bool matches = avx::events::topic_matches(pattern, topic);
  if (!valid) {
    if (matches) std::abort();
    return 0;
  }
  avx::events::detail::TopicTrie trie;
  trie.insert(pattern, 1);
  std::vector<avx::events::detail::TopicTrie::Id> ids;
  trie.match(topic, ids);
  if (ids.empty() == matches) std::abort();  // the trie and topic_matches disagree
  return 0;
}
