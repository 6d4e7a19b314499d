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
  std::string path;
  Diagnostics& diags;
  std::size_t nodes_left = 200000;

  SourcePos pos(const YAML::Node& node) const { return pos_of(path, node); }
  void error(const YAML::Node& node, std::string message) { diags.error(pos(node), std::move(message)); }
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
