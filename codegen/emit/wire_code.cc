#include "codegen/emit/wire_code.h"

#include "codegen/emit/type_names.h"
#include "codegen/model/names.h"
#include "codegen/model/types.h"

namespace avx::codegen {
namespace {

constexpr const char* kWire = "::avx::events::wire::";

bool is_primitive(const TypeRef& t, Primitive p) {
  return t.kind == TypeRef::Kind::kPrimitive && t.primitive == p;
}

bool is_text(const TypeRef& t) { return is_primitive(t, Primitive::kString) || is_primitive(t, Primitive::kUuid); }

// The Cap'n Proto C++ type of an enum, e.g. ::shop::orders::wire::Currency.
std::string wire_enum(const TypeRef& t, const Package& pkg) {
  const Package& owner = t.package != nullptr ? *t.package : pkg;
  return "::" + cpp_namespace(owner.name) + "::wire::" + t.enum_type->name;
}

// The wire form of the C++ expression `v` of type `t`, for an inline (scalar) or copied (text,
// data) slot.
std::string to_wire(const TypeRef& t, const std::string& v, const Package& pkg) {
  if (t.enum_type != nullptr) return "static_cast<" + wire_enum(t, pkg) + ">(" + v + ")";
  if (is_primitive(t, Primitive::kTimestamp)) return "::avx::events::to_nanos(" + v + ")";
  if (is_primitive(t, Primitive::kDuration)) return v + ".count()";
  if (is_text(t)) return std::string(kWire) + "text(" + v + ")";
  if (is_primitive(t, Primitive::kBytes)) return std::string(kWire) + "data(" + v + ")";
  return v;
}

// The C++ value read from the wire expression `w` of type `t` (inline or copied slots).
std::string from_wire(const TypeRef& t, const std::string& w, const Package& pkg) {
  if (t.enum_type != nullptr) return std::string(kWire) + "read_enum<" + cpp_type(t, pkg) + ">(" + w + ")";
  if (is_primitive(t, Primitive::kTimestamp)) return "::avx::events::timestamp_from_nanos(" + w + ")";
  if (is_primitive(t, Primitive::kDuration)) return "::avx::events::Duration(" + w + ")";
  if (is_text(t)) return std::string(kWire) + "read_text(" + w + ")";
  if (is_primitive(t, Primitive::kBytes)) return std::string(kWire) + "read_data(" + w + ")";
  return w;
}

bool is_container(const TypeRef& t) { return t.kind == TypeRef::Kind::kList || t.kind == TypeRef::Kind::kMap; }

// Writes the C++ expression `v` (of the field's type, not optional) into slot `accessor` of `out`.
std::string write(const TypeRef& t, const std::string& accessor, const std::string& v, const Package& pkg) {
  if (t.record != nullptr) return "avx_write(out.init" + accessor + "(), " + v + ");";
  if (is_container(t)) {
    std::string fn = t.kind == TypeRef::Kind::kList ? "write_list" : "write_map";
    return std::string(kWire) + fn + "(out.init" + accessor + "(" + kWire + "list_size(" + v + ")), " + v + ");";
  }
  return "out.set" + accessor + "(" + to_wire(t, v, pkg) + ");";
}

// Reads slot `accessor` of `in` (the expression `w`) into the C++ lvalue `target`.
std::string read(const TypeRef& t, const std::string& w, const std::string& target, const Package& pkg) {
  if (t.record != nullptr) return "avx_read(" + w + ", " + target + ");";
  if (is_container(t)) {
    std::string fn = t.kind == TypeRef::Kind::kList ? "read_list" : "read_map";
    return std::string(kWire) + fn + "(" + w + ", " + target + ");";
  }
  return target + " = " + from_wire(t, w, pkg) + ";";
}

}  // namespace

std::string wire_write_statement(const Field& field, const Package& pkg) {
  const std::string accessor = upper_camel(field.name);
  const std::string v = "value." + field.name;
  if (!field.optional) return write(field.type, accessor, v, pkg);
  if (is_scalar(field.type)) {
    // An optional scalar travels in a one-field wrapper struct, so that "unset" is a null pointer.
    return "if (" + v + ") out.init" + accessor + "().setValue(" + to_wire(field.type, "*" + v, pkg) + ");";
  }
  return "if (" + v + ") " + write(field.type, accessor, "*" + v, pkg);
}

std::string wire_read_statement(const Field& field, const Package& pkg) {
  const std::string accessor = upper_camel(field.name);
  const std::string target = "value." + field.name;
  if (!field.optional) return read(field.type, "in.get" + accessor + "()", target, pkg);
  if (is_scalar(field.type)) {
    return "if (in.has" + accessor + "()) " +
           read(field.type, "in.get" + accessor + "().getValue()", target, pkg);
  }
  if (field.type.record != nullptr || is_container(field.type)) {
    return "if (in.has" + accessor + "()) " + read(field.type, "in.get" + accessor + "()", target + ".emplace()", pkg);
  }
  return "if (in.has" + accessor + "()) " + read(field.type, "in.get" + accessor + "()", target, pkg);
}

}  // namespace avx::codegen
