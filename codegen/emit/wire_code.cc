#include "codegen/emit/wire_code.h"

#include "codegen/emit/type_names.h"
#include "codegen/model/types.h"

namespace avx::codegen {
namespace {

bool is_primitive(const TypeRef& t, Primitive p) {
  return t.kind == TypeRef::Kind::kPrimitive && t.primitive == p;
}

bool is_text(const TypeRef& t) { return is_primitive(t, Primitive::kString) || is_primitive(t, Primitive::kUuid); }

// The schema default of a scalar or text field as a C++ expression (", 5LL"), or nothing.
std::string fallback(const Field& f, const Package& pkg) {
  if (!f.default_value) return "";
  std::string init = cpp_initializer(f, pkg);  // " = 5LL"
  return ", " + init.substr(init.find('=') + 2);
}

// The helper of a field kind: "scalar", "text", "bytes" or "value" (records, lists, maps).
std::string kind_of(const TypeRef& t) {
  if (is_scalar(t)) return "scalar";
  if (is_text(t)) return "text";
  if (is_primitive(t, Primitive::kBytes)) return "bytes";
  return "value";
}

std::string tag_of(const TypeRef& t) {
  return t.kind != TypeRef::Kind::kPrimitive && has_bytes_leaf(t) ? "<avx_wire::Bytes>" : "";
}

}  // namespace

bool has_bytes_leaf(const TypeRef& t) {
  if (t.kind == TypeRef::Kind::kList || t.kind == TypeRef::Kind::kMap) return has_bytes_leaf(t.args[0]);
  return is_primitive(t, Primitive::kBytes);
}

std::string wire_write_statement(const Field& field, const WireSlot& slot, const Package& pkg) {
  const std::string v = "value." + field.name;
  const std::string at = "(out, " + std::to_string(slot.offset) + ", ";
  const std::string kind = kind_of(field.type);
  if (!field.optional) {
    // A scalar is stored XOR its default, as Cap'n Proto stores it; a text's default is for readers.
    const std::string stored_as = kind == "scalar" ? fallback(field, pkg) : "";
    return "avx_wire::set_" + kind + tag_of(field.type) + at + v + stored_as + ");";
  }
  if (kind == "scalar") return "if (" + v + ") avx_wire::set_boxed" + at + "*" + v + ");";
  return "if (" + v + ") avx_wire::set_" + kind + tag_of(field.type) + at + "*" + v + ");";
}

std::string wire_read_statement(const Field& field, const WireSlot& slot, const Package& pkg) {
  const std::string v = "value." + field.name;
  const std::string offset = std::to_string(slot.offset);
  const std::string at = "(in, " + offset + ", ";
  const std::string kind = kind_of(field.type);
  if (!field.optional) return "avx_wire::get_" + kind + tag_of(field.type) + at + v + fallback(field, pkg) + ");";
  if (kind == "scalar") return "avx_wire::get_boxed" + at + v + ");";
  return "if (avx_wire::has(in, " + offset + ")) avx_wire::get_" + kind + tag_of(field.type) + at + v + ".emplace());";
}

}  // namespace avx::codegen
