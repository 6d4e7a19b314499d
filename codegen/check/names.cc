// Names: packages lower.dotted, types UpperCamel, fields lower_snake, enumerants UPPER or Camel;
// no C++ keywords; no duplicates within a package or a struct; no two packages with one name.

#include <map>
#include <set>

#include "codegen/check/check.h"
#include "codegen/check/fields.h"
#include "codegen/model/names.h"

namespace avx::codegen {
namespace {

void check_type_name(const std::string& kind, const std::string& name, const SourcePos& pos,
                     std::map<std::string, std::string>& seen, Diagnostics& diags) {
  if (!is_upper_camel(name)) {
    diags.error(pos, kind + " name '" + name + "' must be UpperCamel, e.g. OrderPlaced");
  }
  auto [it, inserted] = seen.emplace(name, kind);
  if (!inserted) diags.error(pos, kind + " '" + name + "' has the same name as " + it->second + " '" + name + "'");
}

void check_fields(const std::string& owner, const std::vector<Field>& fields, Diagnostics& diags) {
  std::map<std::string, std::string> wire_names;  // lowerCamel -> field, to catch a_b1 vs a_b_1
  for (const Field& f : fields) {
    if (!is_lower_snake(f.name)) {
      diags.error(f.pos, "field name '" + f.name + "' in " + owner + " must be lower_snake, e.g. order_id");
      continue;
    }
    if (is_reserved_member_name(f.name)) {
      diags.error(f.pos, "field name '" + f.name + "' in " + owner + " is reserved in C++; choose another");
      continue;
    }
    auto [it, inserted] = wire_names.emplace(lower_camel(f.name), f.name);
    if (!inserted) {
      diags.error(f.pos, "field '" + f.name + "' in " + owner + " has the same wire name as '" + it->second +
                             "' (" + it->first + ")");
    }
  }
}

void check_package_name(const Package& pkg, Diagnostics& diags) {
  if (!is_package_name(pkg.name)) {
    diags.error(pkg.name_pos, "package name '" + pkg.name + "' must be lower.dotted, e.g. shop.orders");
  } else {
    std::size_t start = 0;
    while (start <= pkg.name.size()) {
      std::size_t dot = pkg.name.find('.', start);
      std::string segment = pkg.name.substr(start, dot - start);
      if (is_cpp_keyword(segment)) {
        diags.error(pkg.name_pos, "package segment '" + segment + "' is reserved in C++ (namespaces follow packages)");
      }
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
  }
  if (pkg.name == "std" || pkg.name.rfind("std.", 0) == 0 || pkg.name == "avx.events" ||
      pkg.name.rfind("avx.events.", 0) == 0) {
    diags.error(pkg.name_pos, "package '" + pkg.name + "' would generate into a namespace reserved by the C++ "
                              "standard library or the avx-events runtime");
  }
}

void check_enum_values(const Enum& e, Diagnostics& diags) {
  if (e.values.empty()) diags.error(e.pos, "enum " + e.name + " needs at least one value");
  std::set<std::string> values, wire;
  for (const Enumerant& v : e.values) {
    if (!is_enumerant_name(v.name) || is_cpp_keyword(v.name)) {
      diags.error(v.pos, "enum value '" + v.name + "' must be UPPER_SNAKE or UpperCamel, e.g. IN_STOCK");
    } else if (!values.insert(v.name).second) {
      diags.error(v.pos, "enum " + e.name + " lists '" + v.name + "' twice");
    } else if (!wire.insert(lower_camel(v.name)).second) {
      diags.error(v.pos, "enum value '" + v.name + "' collides with another value of " + e.name +
                             " once case and underscores are ignored");
    }
  }
}

// The names of a package's types, which share one namespace; returns name -> kind.
std::map<std::string, std::string> check_type_names(const Package& pkg, Diagnostics& diags) {
  std::map<std::string, std::string> types;
  for (const Enum& e : pkg.enums) {
    check_type_name("enum", e.name, e.pos, types, diags);
    check_enum_values(e, diags);
  }
  for (const Record& r : pkg.records) check_type_name("type", r.name, r.pos, types, diags);
  for (const Event& e : pkg.events) check_type_name("event", e.name, e.pos, types, diags);
  for (const Command& c : pkg.commands) check_type_name("command", c.name, c.pos, types, diags);
  for (const Query& q : pkg.queries) check_type_name("query", q.name, q.pos, types, diags);
  std::map<std::string, std::string> aggregates;
  for (const Aggregate& a : pkg.aggregates) check_type_name("aggregate", a.name, a.pos, aggregates, diags);
  return types;
}

// Generated structs (<Aggregate>State, <Event>V<N>) must not collide with declared types.
void check_generated_names(const Package& pkg, std::map<std::string, std::string>& types, Diagnostics& diags) {
  for (const Aggregate& a : pkg.aggregates) {
    std::string state = aggregate_state_name(a.name);
    if (types.count(state)) {
      diags.error(a.pos, "the state of aggregate " + a.name + " is generated as " + state + ", which " +
                             types[state] + " " + state + " already names");
    }
  }
  for (const Event& e : pkg.events) {
    for (const EventVersion& v : e.history) {
      std::string superseded = superseded_event_name(e.name, v.version);
      if (types.count(superseded)) {
        diags.error(v.pos, "version " + std::to_string(v.version) + " of " + e.name + " is generated as " +
                               superseded + ", which " + types[superseded] + " " + superseded + " already names");
      }
    }
  }
}

}  // namespace

void check_names(const SchemaSet& set, Diagnostics& diags) {
  std::map<std::string, const Package*> packages;
  for (const auto& pkg : set.packages) {
    check_package_name(*pkg, diags);
    auto [it, inserted] = packages.emplace(pkg->name, pkg.get());
    if (!inserted) {
      diags.error(pkg->name_pos, "package '" + pkg->name + "' is also declared by " + it->second->path);
    }
    std::map<std::string, std::string> types = check_type_names(*pkg, diags);
    check_generated_names(*pkg, types, diags);
    for_each_field_list(*pkg, [&](const std::string& owner, const std::vector<Field>& fields) {
      check_fields(owner, fields, diags);
    });
  }
}

}  // namespace avx::codegen
