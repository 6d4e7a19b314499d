// Field lists and enums: matched by name first; a position whose old name is gone and whose new
// name is new, with the same type, is a rename (wire-safe, but it breaks JSON and source).

#include <charconv>
#include <cstdint>
#include <map>

#include "codegen/compat/compare.h"
#include "codegen/model/types.h"

namespace avx::codegen::compat {
namespace {

std::map<std::string, std::size_t> index_by_name(const std::vector<Field>& fields) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < fields.size(); ++i) index.emplace(fields[i].name, i);
  return index;
}

std::string where(const std::string& subject, const std::string& field) { return subject + ": field '" + field + "'"; }

// An optional scalar lives behind a pointer, a required one inline: a change between the two moves
// the field, and every field after it, so no reader of either layout reads the other.
constexpr Breaks kLayoutChanged{true, true};

// A default as the value it stands for, so `5`, `05` and `5.0` (for a float) compare equal.
std::string canonical_default(const Field& f) {
  if (!f.default_value) return {};
  const std::string& text = f.default_value->text;
  auto parsed = [&](auto value) -> std::string {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return "=" + text;
    return "=" + std::to_string(value);
  };
  if (f.type.kind == TypeRef::Kind::kPrimitive) {
    switch (f.type.primitive) {
      case Primitive::kInt32:
      case Primitive::kInt64: return parsed(std::int64_t{});
      case Primitive::kUint32:
      case Primitive::kUint64: return parsed(std::uint64_t{});
      case Primitive::kFloat32:
      case Primitive::kFloat64: return parsed(double{});
      default: break;
    }
  }
  return "=" + text;
}

// Cap'n Proto stores a scalar XOR its default and reads an absent pointer as its default, so a
// new default changes what every stored value, or every absent one, reads as.
void compare_default(const std::string& subject, const Field& o, const Field& n, std::vector<Finding>& out) {
  std::string before = canonical_default(o), after = canonical_default(n);
  if (before == after) return;
  auto shown = [](const Field& f) { return f.default_value ? "'" + f.default_value->text + "'" : std::string("none"); };
  out.push_back({Rule::kFieldDefaultChanged, subject,
                 where(subject, n.name) + " changed its default from " + shown(o) + " to " + shown(n) +
                     "; stored values are relative to the default and would read differently. Keep the default, "
                     "or add a new field",
                 n.default_value ? n.default_value->pos : n.pos, {}});
}

// Required-ness, defaults and deprecation, for a field matched by name or by a rename.
void compare_presence(const std::string& subject, const Field& o, const Field& n, std::vector<Finding>& out) {
  std::string what = where(subject, n.name);
  if (qualified_type(o.type) == qualified_type(n.type)) compare_default(subject, o, n, out);
  if (!o.required() && n.required()) {
    Finding f{Rule::kFieldMadeRequired, subject,
              what + " became required; data written without it cannot be read. Keep it optional or give it a "
                     "default",
              n.pos, {}};
    if (o.optional && is_scalar(n.type)) f.breaks_override = kLayoutChanged;
    out.push_back(std::move(f));
  }
  if (o.required() && n.optional && is_scalar(n.type)) {
    out.push_back({Rule::kFieldMadeOptional, subject,
                   what + " became optional; an optional " + qualified_type(n.type) +
                       " is stored apart from a required one, so neither side reads the other. Bump the version and "
                       "keep the required field in history: with an upcast",
                   n.pos, {}, kLayoutChanged});
  } else if (o.required() && n.optional) {
    out.push_back({Rule::kFieldMadeOptional, subject,
                   what + " became optional; readers built from the old schema expect it to be set", n.pos, {}});
  }
  if (!o.deprecated && n.deprecated && n.required()) {
    out.push_back({Rule::kFieldDeprecatedRequired, subject,
                   what + " is required (no default) and was deprecated; old readers still need it written. Give it "
                          "a default or make it optional first",
                   n.pos, {}});
  }
}

void compare_same_name(const std::string& subject, const Field& o, std::size_t oi, const Field& n, std::size_t ni,
                       std::vector<Finding>& out) {
  std::string what = where(subject, n.name);
  if (oi != ni) {
    out.push_back({Rule::kFieldMoved, subject,
                   what + " moved from position " + std::to_string(oi) + " to " + std::to_string(ni) +
                       "; positions are wire identity: keep it in place and append new fields",
                   n.pos, {}});
  }
  std::string ot = qualified_type(o.type), nt = qualified_type(n.type);
  if (ot != nt) {
    out.push_back({Rule::kFieldTypeChanged, subject,
                   what + " changed type from " + ot + " to " + nt + "; add a new field instead, or bump the version "
                          "with a history entry and an upcast",
                   n.type.pos, {}});
  }
  compare_presence(subject, o, n, out);
}

}  // namespace

std::string qualified_type(const TypeRef& t) {
  switch (t.kind) {
    case TypeRef::Kind::kPrimitive: return to_string(t.primitive);
    case TypeRef::Kind::kList: return "list<" + qualified_type(t.args[0]) + ">";
    case TypeRef::Kind::kMap: return "map<string, " + qualified_type(t.args[0]) + ">";
    case TypeRef::Kind::kNamed:
      if (t.package == nullptr) return t.name;
      return t.package->name + "." + (t.record ? t.record->name : t.enum_type->name);
  }
  return "?";
}

void compare_fields(const std::string& subject, const std::vector<Field>& old_fields,
                    const std::vector<Field>& new_fields, std::vector<Finding>& out) {
  auto old_index = index_by_name(old_fields);
  auto new_index = index_by_name(new_fields);
  std::map<std::size_t, bool> renamed_positions;
  for (std::size_t oi = 0; oi < old_fields.size(); ++oi) {
    const Field& o = old_fields[oi];
    if (auto it = new_index.find(o.name); it != new_index.end()) {
      compare_same_name(subject, o, oi, new_fields[it->second], it->second, out);
      continue;
    }
    if (oi < new_fields.size() && !old_index.count(new_fields[oi].name) &&
        qualified_type(o.type) == qualified_type(new_fields[oi].type)) {
      const Field& n = new_fields[oi];
      renamed_positions[oi] = true;
      out.push_back({Rule::kFieldRenamed, subject,
                     where(subject, o.name) + " was renamed to '" + n.name + "' (position " + std::to_string(oi) +
                         "); the wire is unchanged but JSON and source break. Keep the old name",
                     n.pos, {}});
      compare_presence(subject, o, n, out);
      continue;
    }
    out.push_back({Rule::kFieldRemoved, subject,
                   where(subject, o.name) + " was removed; keep it in place with deprecated: true", o.pos, {}});
  }
  for (std::size_t ni = 0; ni < new_fields.size(); ++ni) {
    const Field& n = new_fields[ni];
    if (old_index.count(n.name) || renamed_positions.count(ni)) continue;
    if (n.required()) {
      out.push_back({Rule::kFieldAddedRequired, subject,
                     where(subject, n.name) + " was added as required; data written before has no value for it. "
                                              "Make it optional or give it a default",
                     n.pos, {}});
    }
  }
}

void compare_enum(const std::string& subject, const Enum& old_enum, const Enum& new_enum, std::vector<Finding>& out) {
  std::map<std::string, std::size_t> new_index, old_index;
  for (std::size_t i = 0; i < new_enum.values.size(); ++i) new_index.emplace(new_enum.values[i].name, i);
  for (std::size_t i = 0; i < old_enum.values.size(); ++i) old_index.emplace(old_enum.values[i].name, i);
  for (std::size_t oi = 0; oi < old_enum.values.size(); ++oi) {
    const Enumerant& o = old_enum.values[oi];
    auto it = new_index.find(o.name);
    if (it == new_index.end()) {
      out.push_back({Rule::kEnumValueRemoved, subject,
                     subject + ": value " + o.name + " was removed; data written with it can no longer be read",
                     o.pos, {}});
    } else if (it->second != oi) {
      out.push_back({Rule::kEnumValueMoved, subject,
                     subject + ": value " + o.name + " moved from position " + std::to_string(oi) + " to " +
                         std::to_string(it->second) + "; its ordinal is its wire value. Append new values at the end",
                     new_enum.values[it->second].pos, {}});
    }
  }
  for (std::size_t ni = 0; ni < new_enum.values.size(); ++ni) {
    const Enumerant& n = new_enum.values[ni];
    if (old_index.count(n.name)) continue;
    out.push_back({Rule::kEnumValueAdded, subject,
                   subject + ": value " + n.name + " was added; readers built from the old schema cannot decode it",
                   n.pos, {}});
  }
}

}  // namespace avx::codegen::compat
