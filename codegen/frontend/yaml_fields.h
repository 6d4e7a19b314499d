#pragma once

// Reading `fields:` blocks, shared by records, events, history entries, aggregates' state,
// commands and queries.

#include <vector>

#include "codegen/frontend/yaml_map.h"
#include "codegen/model/model.h"

namespace avx::codegen {

// name: type   or   name: {type: T, optional: bool, default: scalar, deprecated: bool}
std::vector<Field> read_fields(YamlContext& ctx, const YAML::Node& node);

std::optional<TypeRef> read_type(YamlContext& ctx, const YAML::Node& node, std::string_view what);

NameRef read_name_ref(YamlContext& ctx, const YAML::Node& node, std::string_view what);
std::vector<NameRef> read_name_refs(YamlContext& ctx, const YAML::Node& node, std::string_view what);

}  // namespace avx::codegen
