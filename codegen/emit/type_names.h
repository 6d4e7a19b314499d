#pragma once

// How schema types are spelled in the generated C++ and in the Cap'n Proto wire schema. The wire
// side needs helper structs (map entries, optional-scalar wrappers); WireNames collects them.

#include <map>
#include <string>
#include <vector>

#include "codegen/model/model.h"

namespace avx::codegen {

std::string cpp_namespace(const std::string& package);  // shop.orders -> shop::orders

// The C++ type of a field (std::optional<...> when optional), seen from inside `pkg`'s namespace.
std::string cpp_type(const Field& field, const Package& pkg);
std::string cpp_type(const TypeRef& type, const Package& pkg);
// " = value" or "{}" for the member declaration.
std::string cpp_initializer(const Field& field, const Package& pkg);

// A string as a C++ / Cap'n Proto literal, quotes included.
std::string cpp_string_literal(const std::string& text);
std::string capnp_string_literal(const std::string& text);

struct WireField {
  std::string name;  // lowerCamel, on the wire
  int ordinal = 0;
  std::string type;
  std::string default_value;  // " = ..." or empty
};

struct WireStruct {
  std::string name;
  std::vector<WireField> fields;
};

class WireNames {
 public:
  // `imports` maps an imported package to its alias in the wire schema (AvxImport0, ...).
  WireNames(const Package& pkg, std::map<const Package*, std::string> imports)
      : pkg_(pkg), imports_(std::move(imports)) {}

  // The wire type of `field` of `owner`, adding helper structs as needed.
  WireField field(const std::string& owner, const Field& field, int ordinal);

  const std::vector<WireStruct>& helpers() const { return helpers_; }

 private:
  std::string type(const std::string& context, const TypeRef& t);
  std::string named(const TypeRef& t) const;
  std::string optional_wrapper(const TypeRef& t);

  const Package& pkg_;
  std::map<const Package*, std::string> imports_;
  std::vector<WireStruct> helpers_;
  std::map<std::string, bool> helper_names_;
};

}  // namespace avx::codegen
