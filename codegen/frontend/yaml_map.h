#pragma once

// Reading YAML mappings the strict way: duplicate keys and unknown keys are errors (yaml-cpp keeps
// duplicates silently), and every node visited counts against a budget, so anchors and aliases
// cannot make a small file expand into an enormous one.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "codegen/frontend/yaml_source.h"
#include "codegen/model/diagnostics.h"

namespace avx::codegen {

struct YamlContext {
  // Every node of a file without aliases takes at least a byte of it; the budget allows twice
  // that and a margin, so a schema of any size reads while aliases expand it at most linearly.
  static std::size_t node_budget(std::size_t text_bytes) { return 100'000 + 2 * text_bytes; }

  std::string path;
  Diagnostics& diags;
  std::size_t nodes_left;

  SourcePos pos(const YAML::Node& node) const { return pos_of(path, node); }
  // Silent once the budget ran out: what is missing then was not read, not wrong.
  void error(const YAML::Node& node, std::string message) {
    if (nodes_left != 0) diags.error(pos(node), std::move(message));
  }
  // False (once reported) when the document is too large to be a schema.
  bool spend(const YAML::Node& node);
};

struct MapEntry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

// The entries of `node` in document order. Reports a non-map (naming `what`), non-scalar keys and
// duplicate keys; `allowed`, when not empty, lists the keys that may appear.
std::vector<MapEntry> read_map(YamlContext& ctx, const YAML::Node& node, std::string_view what,
                               std::initializer_list<std::string_view> allowed = {});

const MapEntry* find(const std::vector<MapEntry>& entries, std::string_view key);

// A scalar, or an error naming `what`.
std::optional<std::string> read_scalar(YamlContext& ctx, const YAML::Node& node, std::string_view what);
std::optional<int> read_int(YamlContext& ctx, const YAML::Node& node, std::string_view what, int min, int max);
std::optional<bool> read_bool(YamlContext& ctx, const YAML::Node& node, std::string_view what);

// A list of scalars, written as a YAML sequence (flow or block).
std::vector<std::pair<std::string, YAML::Node>> read_scalar_list(YamlContext& ctx, const YAML::Node& node,
                                                                 std::string_view what);

}  // namespace avx::codegen
