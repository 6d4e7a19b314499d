// Resolves named field types to the enum or record they name: local names, or
// `package.Name` from a package this file imports.

#include "codegen/check/check.h"
#include "codegen/check/fields.h"

namespace avx::codegen {
namespace {

class Resolver {
 public:
  Resolver(const SchemaSet& set, Diagnostics& diags) : set_(set), diags_(diags) {}

  void resolve(const Package& pkg, TypeRef& type) {
    for (TypeRef& arg : type.args) resolve(pkg, arg);
    if (type.kind != TypeRef::Kind::kNamed) return;
    std::size_t dot = type.name.rfind('.');
    if (dot == std::string::npos) {
      bind(pkg, type.name, type);
      return;
    }
    std::string package = type.name.substr(0, dot);
    std::string name = type.name.substr(dot + 1);
    if (package == pkg.name) {
      bind(pkg, name, type);
      return;
    }
    for (const Import& import : pkg.imports) {
      if (import.package != nullptr && import.package->name == package) {
        bind(*import.package, name, type);
        return;
      }
    }
    std::string hint = " (add the schema declaring package " + package + " to imports:)";
    for (const auto& other : set_.packages) {
      if (other->name == package) hint = " (add " + other->path + " to imports:)";
    }
    diags_.error(type.pos, "unknown package '" + package + "' in type '" + type.name + "'" + hint);
  }

 private:
  void bind(const Package& owner, const std::string& name, TypeRef& type) {
    if (const Enum* e = find_named(owner.enums, name)) {
      type.enum_type = e;
      type.package = &owner;
      return;
    }
    if (const Record* r = find_named(owner.records, name)) {
      type.record = r;
      type.package = &owner;
      return;
    }
    if (find_named(owner.events, name) || find_named(owner.commands, name) || find_named(owner.queries, name)) {
      diags_.error(type.pos, "'" + type.name + "' is a message, not a type a field can hold; declare a record under types:");
      return;
    }
    diags_.error(type.pos, "unknown type '" + type.name + "' (field types are bool, int32, int64, uint32, uint64, "
                           "float32, float64, string, bytes, timestamp, duration, uuid, list<T>, map<string, T>, "
                           "and enums and types you declare)");
  }

  const SchemaSet& set_;
  Diagnostics& diags_;
};

}  // namespace

void resolve_types(SchemaSet& set, Diagnostics& diags) {
  Resolver resolver(set, diags);
  for (auto& pkg : set.packages) {
    for_each_field_list(*pkg, [&](const std::string&, std::vector<Field>& fields) {
      for (Field& f : fields) resolver.resolve(*pkg, f.type);
    });
    for (Command& c : pkg->commands) {
      if (c.returns) resolver.resolve(*pkg, *c.returns);
    }
    for (Query& q : pkg->queries) {
      if (q.returns) resolver.resolve(*pkg, *q.returns);
    }
  }
}

}  // namespace avx::codegen
