#include "codegen/emit/type_names.h"

#include <cstdio>

#include "codegen/model/names.h"
#include "codegen/model/types.h"

namespace avx::codegen {
namespace {

std::string cpp_primitive(Primitive p) {
  switch (p) {
    case Primitive::kBool: return "bool";
    case Primitive::kInt32: return "std::int32_t";
    case Primitive::kInt64: return "std::int64_t";
    case Primitive::kUint32: return "std::uint32_t";
    case Primitive::kUint64: return "std::uint64_t";
    case Primitive::kFloat32: return "float";
    case Primitive::kFloat64: return "double";
    case Primitive::kString:
    case Primitive::kBytes:
    case Primitive::kUuid: return "std::string";
    case Primitive::kTimestamp: return "::avx::events::Timestamp";
    case Primitive::kDuration: return "::avx::events::Duration";
  }
  return "?";
}

std::string wire_primitive(Primitive p) {
  switch (p) {
    case Primitive::kBool: return "Bool";
    case Primitive::kInt32: return "Int32";
    case Primitive::kInt64: return "Int64";
    case Primitive::kUint32: return "UInt32";
    case Primitive::kUint64: return "UInt64";
    case Primitive::kFloat32: return "Float32";
    case Primitive::kFloat64: return "Float64";
    case Primitive::kString:
    case Primitive::kUuid: return "Text";
    case Primitive::kBytes: return "Data";
    case Primitive::kTimestamp:
    case Primitive::kDuration: return "Int64";
  }
  return "?";
}

std::string escape(const std::string& text, bool octal) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, octal ? "\\%03o" : "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace

std::string cpp_namespace(const std::string& package) {
  std::string out;
  for (char c : package) {
    if (c == '.') {
      out += "::";
    } else {
      out += c;
    }
  }
  return out;
}

std::string cpp_type(const TypeRef& t, const Package& pkg) {
  switch (t.kind) {
    case TypeRef::Kind::kPrimitive: return cpp_primitive(t.primitive);
    case TypeRef::Kind::kList: return "std::vector<" + cpp_type(t.args[0], pkg) + ">";
    case TypeRef::Kind::kMap: return "std::map<std::string, " + cpp_type(t.args[0], pkg) + ">";
    case TypeRef::Kind::kNamed: {
      std::string name = t.enum_type ? t.enum_type->name : t.record->name;
      if (t.package == &pkg) return name;
      return "::" + cpp_namespace(t.package->name) + "::" + name;
    }
  }
  return "?";
}

std::string cpp_type(const Field& field, const Package& pkg) {
  std::string type = cpp_type(field.type, pkg);
  return field.optional ? "std::optional<" + type + ">" : type;
}

std::string cpp_string_literal(const std::string& text) { return escape(text, true); }
std::string capnp_string_literal(const std::string& text) { return escape(text, false); }

std::string cpp_initializer(const Field& field, const Package& pkg) {
  if (!field.default_value) return "{}";
  const std::string& text = field.default_value->text;
  const TypeRef& t = field.type;
  if (t.kind == TypeRef::Kind::kNamed) return " = " + cpp_type(t, pkg) + "::" + text;
  switch (t.primitive) {
    case Primitive::kString: return " = " + cpp_string_literal(text);
    case Primitive::kFloat32: return " = static_cast<float>(" + text + ")";
    case Primitive::kInt64:
      if (text == "-9223372036854775808") return " = std::numeric_limits<std::int64_t>::min()";
      return " = " + text + "LL";
    case Primitive::kUint32: return " = " + text + "U";
    case Primitive::kUint64: return " = " + text + "ULL";
    default: return " = " + text;
  }
}

std::string WireNames::named(const TypeRef& t) const {
  std::string name = t.enum_type ? t.enum_type->name : t.record->name;
  if (t.package == &pkg_) return name;
  return imports_.at(t.package) + "." + name;
}

std::string WireNames::type(const std::string& context, const TypeRef& t) {
  switch (t.kind) {
    case TypeRef::Kind::kPrimitive: return wire_primitive(t.primitive);
    case TypeRef::Kind::kNamed: return named(t);
    case TypeRef::Kind::kList: return "List(" + type(context, t.args[0]) + ")";
    case TypeRef::Kind::kMap: {
      std::string entry = context + "Entry";
      if (!helper_names_[entry]) {
        helper_names_[entry] = true;
        WireStruct s{entry, {{"key", 0, "Text", ""}, {"value", 1, "", ""}}};
        std::size_t index = helpers_.size();
        helpers_.push_back(std::move(s));
        std::string value = type(entry + "Value", t.args[0]);  // may add helpers
        helpers_[index].fields[1].type = value;
      }
      return "List(" + entry + ")";
    }
  }
  return "?";
}

std::string WireNames::optional_wrapper(const TypeRef& t) {
  std::string inner = type("", t);
  std::string name = "AvxOptional";
  for (char c : inner) {
    if (c != '.') name += c;
  }
  if (!helper_names_[name]) {
    helper_names_[name] = true;
    helpers_.push_back({name, {{"value", 0, inner, ""}}});
  }
  return name;
}

WireField WireNames::field(const std::string& owner, const Field& f, int ordinal) {
  WireField out;
  out.name = lower_camel(f.name);
  out.ordinal = ordinal;
  out.type = f.optional && is_scalar(f.type) ? optional_wrapper(f.type) : type(owner + upper_camel(f.name), f.type);
  if (f.default_value) {
    const std::string& text = f.default_value->text;
    if (f.type.kind == TypeRef::Kind::kNamed) {
      out.default_value = " = " + lower_camel(text);
    } else if (f.type.primitive == Primitive::kString) {
      out.default_value = " = " + capnp_string_literal(text);
    } else {
      out.default_value = " = " + text;
    }
  }
  return out;
}

}  // namespace avx::codegen
