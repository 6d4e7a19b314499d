#pragma once

// A trie of topic patterns by segment, with `*` and `**` children. Matching walks it with an
// explicit stack (no recursion, so a topic with many segments cannot exhaust the stack) and
// queues each (`**` node, position) at most once, so the work is linear in the topic's segments
// for each node it reaches, however many `**` a pattern has.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace avx::events::detail {

class TopicTrie {
 public:
  using Id = std::uint64_t;

  TopicTrie();
  ~TopicTrie();

  // `pattern` must be valid (validate_pattern).
  void insert(std::string_view pattern, Id id);
  void erase(std::string_view pattern, Id id);

  // Appends the ids of every pattern matching `topic` (valid), each once, in ascending order.
  void match(std::string_view topic, std::vector<Id>& out) const;

  std::size_t size() const { return size_; }

 private:
  struct Node;
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Children = std::unordered_map<std::string, std::unique_ptr<Node>, StringHash, std::equal_to<>>;
  struct Node {
    Children children;  // exact segments, `*` and `**` included as keys
    std::vector<Id> ids;
  };

  std::unique_ptr<Node> root_;
  std::size_t size_ = 0;
};

// "a.b.c" -> {"a", "b", "c"} (views into `topic`); the second form reuses `out`'s storage.
std::vector<std::string_view> split_segments(std::string_view topic);
void split_segments(std::string_view topic, std::vector<std::string_view>& out);

}  // namespace avx::events::detail
