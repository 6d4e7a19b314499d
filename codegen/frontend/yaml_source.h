#pragma once

// Turns schema bytes into a yaml-cpp document, refusing what yaml-cpp would accept silently:
// invalid UTF-8, control bytes (binary garbage), oversized files, and parse failures, each
// reported at its line and column.

#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "codegen/model/diagnostics.h"

namespace avx::codegen {

inline constexpr std::size_t kMaxSchemaBytes = 4 << 20;

std::optional<YAML::Node> parse_yaml(const std::string& path, std::string_view text, Diagnostics& diags);

SourcePos pos_of(const std::string& path, const YAML::Mark& mark);
inline SourcePos pos_of(const std::string& path, const YAML::Node& node) { return pos_of(path, node.Mark()); }

}  // namespace avx::codegen
