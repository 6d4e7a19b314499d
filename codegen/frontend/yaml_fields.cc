#include "codegen/frontend/yaml_fields.h"

#include "codegen/model/types.h"

namespace avx::codegen {

std::optional<TypeRef> read_type(YamlContext& ctx, const YAML::Node& node, std::string_view what) {
  auto text = read_scalar(ctx, node, what);
  if (!text) return std::nullopt;
  SourcePos pos = ctx.pos(node);
  if (node.Tag() == "!") pos.column += 1;  // skip the opening quote
  return parse_type(*text, pos, ctx.diags);
}

namespace {

std::optional<Field> read_field(YamlContext& ctx, const MapEntry& entry) {
  Field field;
  field.name = entry.key;
  field.pos = ctx.pos(entry.key_node);
  std::string what = "field '" + entry.key + "'";
  if (!entry.value.IsMap()) {
    auto type = read_type(ctx, entry.value, "the type of " + what);
    if (!type) return std::nullopt;
    field.type = std::move(*type);
    return field;
  }
  auto attrs = read_map(ctx, entry.value, what, {"type", "optional", "default", "deprecated"});
  const MapEntry* type = find(attrs, "type");
  if (type == nullptr) {
    ctx.error(entry.value, what + " needs a type, e.g. {type: string}");
    return std::nullopt;
  }
  auto parsed = read_type(ctx, type->value, "the type of " + what);
  if (!parsed) return std::nullopt;
  field.type = std::move(*parsed);
  if (const MapEntry* e = find(attrs, "optional")) field.optional = read_bool(ctx, e->value, "optional").value_or(false);
  if (const MapEntry* e = find(attrs, "deprecated")) field.deprecated = read_bool(ctx, e->value, "deprecated").value_or(false);
  if (const MapEntry* e = find(attrs, "default")) {
    if (auto text = read_scalar(ctx, e->value, "the default of " + what)) {
      field.default_value = DefaultValue{*text, e->value.Tag() == "!", ctx.pos(e->value)};
    }
  }
  return field;
}

}  // namespace

std::vector<Field> read_fields(YamlContext& ctx, const YAML::Node& node) {
  std::vector<Field> fields;
  for (const MapEntry& entry : read_map(ctx, node, "fields")) {
    if (auto field = read_field(ctx, entry)) fields.push_back(std::move(*field));
  }
  return fields;
}

NameRef read_name_ref(YamlContext& ctx, const YAML::Node& node, std::string_view what) {
  return NameRef{read_scalar(ctx, node, what).value_or(""), ctx.pos(node)};
}

std::vector<NameRef> read_name_refs(YamlContext& ctx, const YAML::Node& node, std::string_view what) {
  std::vector<NameRef> refs;
  for (auto& [name, item] : read_scalar_list(ctx, node, what)) refs.push_back({name, ctx.pos(item)});
  return refs;
}

}  // namespace avx::codegen
