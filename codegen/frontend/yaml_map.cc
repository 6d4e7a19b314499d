#include "codegen/frontend/yaml_map.h"

#include <charconv>
#include <unordered_set>

namespace avx::codegen {

bool YamlContext::spend(const YAML::Node& node) {
  if (nodes_left == 0) return false;
  if (--nodes_left == 0) {
    diags.error(pos(node), "schema has too many nodes for its size (aliases expanding?); the limit is " +
                               std::to_string(node_budget(0)) + " plus two per byte of the file");
    return false;
  }
  return true;
}

std::vector<MapEntry> read_map(YamlContext& ctx, const YAML::Node& node, std::string_view what,
                               std::initializer_list<std::string_view> allowed) {
  std::vector<MapEntry> entries;
  if (!ctx.spend(node)) return entries;
  if (node.IsNull()) return entries;
  if (!node.IsMap()) {
    ctx.error(node, std::string(what) + " must be a mapping");
    return entries;
  }
  std::unordered_set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!ctx.spend(it->first)) return entries;
    if (!it->first.IsScalar()) {
      ctx.error(it->first, "keys in " + std::string(what) + " must be plain names");
      continue;
    }
    const std::string& key = it->first.Scalar();
    if (!seen.insert(key).second) {
      ctx.error(it->first, "duplicate key '" + key + "' in " + std::string(what));
      continue;
    }
    if (allowed.size() != 0) {
      bool known = false;
      std::string list;
      for (std::string_view a : allowed) {
        known = known || a == key;
        list += (list.empty() ? "" : ", ") + std::string(a);
      }
      if (!known) {
        ctx.error(it->first, "unknown key '" + key + "' in " + std::string(what) + " (expected one of: " + list + ")");
        continue;
      }
    }
    entries.push_back({key, it->first, it->second});
  }
  return entries;
}

const MapEntry* find(const std::vector<MapEntry>& entries, std::string_view key) {
  for (const auto& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::optional<std::string> read_scalar(YamlContext& ctx, const YAML::Node& node, std::string_view what) {
  if (!ctx.spend(node)) return std::nullopt;
  if (!node.IsScalar()) {
    ctx.error(node, std::string(what) + " must be a single value");
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<int> read_int(YamlContext& ctx, const YAML::Node& node, std::string_view what, int min, int max) {
  auto text = read_scalar(ctx, node, what);
  if (!text) return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    ctx.error(node, std::string(what) + " must be a whole number from " + std::to_string(min) + " to " +
                        std::to_string(max) + ", not '" + *text + "'");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> read_bool(YamlContext& ctx, const YAML::Node& node, std::string_view what) {
  auto text = read_scalar(ctx, node, what);
  if (!text) return std::nullopt;
  if (*text == "true") return true;
  if (*text == "false") return false;
  ctx.error(node, std::string(what) + " must be true or false, not '" + *text + "'");
  return std::nullopt;
}

std::vector<std::pair<std::string, YAML::Node>> read_scalar_list(YamlContext& ctx, const YAML::Node& node,
                                                                 std::string_view what) {
  std::vector<std::pair<std::string, YAML::Node>> out;
  if (!ctx.spend(node)) return out;
  if (!node.IsSequence()) {
    ctx.error(node, std::string(what) + " must be a list, e.g. [A, B]");
    return out;
  }
  for (const auto& item : node) {
    if (auto text = read_scalar(ctx, item, std::string("each entry of ") + std::string(what))) {
      out.emplace_back(*text, item);
    }
  }
  return out;
}

}  // namespace avx::codegen
