#include "avx/events/detail/topic_trie.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace avx::events::detail {

void split_segments(std::string_view topic, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0;
  while (true) {
    std::size_t dot = topic.find('.', start);
    out.push_back(topic.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return;
    start = dot + 1;
  }
}

std::vector<std::string_view> split_segments(std::string_view topic) {
  std::vector<std::string_view> segments;
  split_segments(topic, segments);
  return segments;
}

TopicTrie::TopicTrie() : root_(std::make_unique<Node>()) {}
TopicTrie::~TopicTrie() = default;

void TopicTrie::insert(std::string_view pattern, Id id) {
  Node* node = root_.get();
  for (std::string_view segment : split_segments(pattern)) {
    auto it = node->children.find(segment);
    if (it == node->children.end()) {
      it = node->children.emplace(std::string(segment), std::make_unique<Node>()).first;
    }
    node = it->second.get();
  }
  node->ids.push_back(id);
  ++size_;
}

void TopicTrie::erase(std::string_view pattern, Id id) {
  // Remember the path so empty nodes can be pruned bottom-up.
  std::vector<std::pair<Node*, std::string_view>> path;
  Node* node = root_.get();
  for (std::string_view segment : split_segments(pattern)) {
    auto it = node->children.find(segment);
    if (it == node->children.end()) return;
    path.emplace_back(node, segment);
    node = it->second.get();
  }
  auto found = std::find(node->ids.begin(), node->ids.end(), id);
  if (found == node->ids.end()) return;
  node->ids.erase(found);
  --size_;
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    auto child = it->first->children.find(it->second);
    if (!child->second->ids.empty() || !child->second->children.empty()) break;
    it->first->children.erase(child);
  }
}

namespace {

// Scratch space reused by every match on this thread: matching allocates nothing in steady state.
struct MatchScratch {
  std::vector<std::string_view> segments;
  std::vector<std::pair<const void*, std::size_t>> stack;
  // For each `**` node reached: the smallest position it was entered from. It has then been
  // queued at every position from there to the end, so a later entry queues only what is new.
  std::unordered_map<const void*, std::size_t> expanded_from;
};

}  // namespace

void TopicTrie::match(std::string_view topic, std::vector<Id>& out) const {
  thread_local MatchScratch scratch;
  split_segments(topic, scratch.segments);
  const auto& segments = scratch.segments;
  const std::size_t n = segments.size();
  const std::size_t first = out.size();
  auto& stack = scratch.stack;  // (node, index of the next segment to consume)
  auto& expanded_from = scratch.expanded_from;
  stack.assign(1, {root_.get(), 0});
  expanded_from.clear();
  // `**` consumes zero or more segments: continue from every remaining position, each (node,
  // position) once over the whole match, so the work stays linear in the topic's segments.
  auto enter_double_star = [&](const Node* node, std::size_t i) {
    auto it = expanded_from.try_emplace(node, n + 1).first;
    for (std::size_t k = i; k < it->second; ++k) stack.emplace_back(node, k);
    it->second = std::min(it->second, i);
  };
  while (!stack.empty()) {
    auto [raw, i] = stack.back();
    stack.pop_back();
    const Node* node = static_cast<const Node*>(raw);
    if (i == n) out.insert(out.end(), node->ids.begin(), node->ids.end());
    if (node->children.empty()) continue;
    if (auto it = node->children.find(std::string_view("**")); it != node->children.end()) {
      enter_double_star(it->second.get(), i);
    }
    if (i == n) continue;
    if (auto it = node->children.find(segments[i]); it != node->children.end()) {
      stack.emplace_back(it->second.get(), i + 1);
    }
    if (auto it = node->children.find(std::string_view("*")); it != node->children.end()) {
      stack.emplace_back(it->second.get(), i + 1);
    }
  }
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
  out.erase(std::unique(out.begin() + static_cast<std::ptrdiff_t>(first), out.end()), out.end());
}

}  // namespace avx::events::detail
