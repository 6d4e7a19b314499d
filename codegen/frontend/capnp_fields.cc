#include "codegen/frontend/capnp_fields.h"

#include <charconv>

#include "codegen/model/names.h"
#include "codegen/model/types.h"

namespace avx::codegen {
namespace {

using Which = capnp::schema::Type::Which;

std::string short_name(capnp::Schema schema) {
  auto proto = schema.getProto();
  return proto.getDisplayName().slice(proto.getDisplayNamePrefixLength()).begin();
}

template <class Number>
std::string shortest(Number value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : std::string("?");
}

std::optional<Primitive> primitive_of(Which which) {
  switch (which) {
    case Which::BOOL: return Primitive::kBool;
    case Which::INT32: return Primitive::kInt32;
    case Which::INT64: return Primitive::kInt64;
    case Which::UINT32: return Primitive::kUint32;
    case Which::UINT64: return Primitive::kUint64;
    case Which::FLOAT32: return Primitive::kFloat32;
    case Which::FLOAT64: return Primitive::kFloat64;
    case Which::TEXT: return Primitive::kString;
    case Which::DATA: return Primitive::kBytes;
    default: return std::nullopt;
  }
}

const char* unsupported(Which which) {
  switch (which) {
    case Which::VOID: return "Void";
    case Which::INT8: return "Int8 (use Int32)";
    case Which::INT16: return "Int16 (use Int32)";
    case Which::UINT8: return "UInt8 (use UInt32)";
    case Which::UINT16: return "UInt16 (use UInt32)";
    case Which::INTERFACE: return "an interface";
    case Which::ANY_POINTER: return "AnyPointer";
    default: return "this type";
  }
}

// Cap'n Proto's type spelling -> the model's (YAML's): List(Text) -> list<string>.
std::string to_model_spelling(std::string_view text) {
  static const std::map<std::string_view, std::string_view> builtins = {
      {"Bool", "bool"},       {"Int32", "int32"},     {"Int64", "int64"}, {"UInt32", "uint32"},
      {"UInt64", "uint64"},   {"Float32", "float32"}, {"Float64", "float64"}, {"Text", "string"},
      {"Data", "bytes"},
  };
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = text.find_first_of("(),", i);
    std::string_view word = text.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i);
    if (j != std::string_view::npos && text[j] == '(' && word == "List") {
      out += "list<";
    } else if (auto it = builtins.find(word); it != builtins.end()) {
      out += it->second;
    } else {
      out += word;
    }
    if (j == std::string_view::npos) break;
    if (text[j] == ')') out += '>';
    if (text[j] == ',') out += ',';
    i = j + 1;
  }
  return out;
}

}  // namespace

std::optional<std::string> snake_field_name(std::string_view capnp_name, const SourcePos& pos, Diagnostics& diags) {
  std::string snake = snake_case(capnp_name);
  if (lower_camel(snake) == capnp_name) return snake;
  diags.error(pos, "field '" + std::string(capnp_name) + "' has no lower_snake name that maps back to it (" + snake +
                       " -> " + lower_camel(snake) + "); write it as '" + lower_camel(snake) + "'");
  return std::nullopt;
}

std::optional<std::string> upper_snake_enumerant(std::string_view capnp_name, const SourcePos& pos, Diagnostics& diags) {
  std::string upper = snake_case(capnp_name);
  for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (lower_camel(upper) == capnp_name) return upper;
  diags.error(pos, "enumerant '" + std::string(capnp_name) + "' has no UPPER_SNAKE name that maps back to it (" +
                       upper + " -> " + lower_camel(upper) + "); write it as '" + lower_camel(upper) + "'");
  return std::nullopt;
}

std::vector<Field> CapnpFields::fields(capnp::StructSchema schema, std::size_t at) {
  std::vector<Field> out;
  for (capnp::StructSchema::Field field : schema.getFields()) {
    auto proto = field.getProto();
    SourcePos pos = text_.pos(text_.find_member(proto.getName().cStr(), at), at);
    if (proto.getDiscriminantValue() != capnp::schema::Field::NO_DISCRIMINANT) {
      diags_.error(pos, "'" + std::string(proto.getName().cStr()) + "' is a union member; unions are not supported");
      continue;
    }
    if (proto.isGroup()) {
      diags_.error(pos, "'" + std::string(proto.getName().cStr()) + "' is a group; groups are not supported");
      continue;
    }
    auto name = snake_field_name(proto.getName().cStr(), pos, diags_);
    Marks marks = marks_of(field, pos);
    auto type = marks.map ? map_of(field.getType(), pos) : type_of(field.getType(), marks, pos);
    if (!name || !type) continue;
    Field f;
    f.name = *name;
    f.type = *type;
    f.optional = marks.optional;
    f.deprecated = marks.deprecated;
    f.default_value = default_of(field, pos);
    f.pos = pos;
    out.push_back(std::move(f));
  }
  return out;
}

CapnpFields::Marks CapnpFields::marks_of(capnp::StructSchema::Field field, const SourcePos& pos) {
  Marks m;
  for (auto a : field.getProto().getAnnotations()) {
    std::uint64_t id = a.getId();
    if (id == annotations_.optional) m.optional = true;
    if (id == annotations_.deprecated) m.deprecated = true;
    if (id == annotations_.timestamp) m.timestamp = true;
    if (id == annotations_.duration) m.duration = true;
    if (id == annotations_.uuid) m.uuid = true;
    if (id == annotations_.map) m.map = true;
  }
  if (m.timestamp + m.duration + m.uuid + m.map > 1) {
    diags_.error(pos, "a field takes at most one of $Avx.timestamp, $Avx.duration, $Avx.uuid and $Avx.map");
  }
  return m;
}

std::optional<TypeRef> CapnpFields::type_of(capnp::Type type, const Marks& marks, const SourcePos& pos) {
  TypeRef out;
  out.pos = pos;
  Which which = type.which();
  if (which == Which::LIST) {
    auto element = type_of(type.asList().getElementType(), marks, pos);
    if (!element) return std::nullopt;
    out.kind = TypeRef::Kind::kList;
    out.args.push_back(*element);
    return out;
  }
  if (which == Which::STRUCT || which == Which::ENUM) {
    if (marks.timestamp || marks.duration || marks.uuid) {
      diags_.error(pos, "$Avx.timestamp and $Avx.duration go on Int64 fields, $Avx.uuid on Text fields");
      return std::nullopt;
    }
    return named(which == Which::STRUCT ? capnp::Schema(type.asStruct()) : capnp::Schema(type.asEnum()), pos);
  }
  auto primitive = primitive_of(which);
  if (!primitive) {
    diags_.error(pos, std::string("a field cannot be ") + unsupported(which));
    return std::nullopt;
  }
  if ((marks.timestamp || marks.duration) && which != Which::INT64) {
    diags_.error(pos, "$Avx.timestamp and $Avx.duration go on Int64 fields");
    return std::nullopt;
  }
  if (marks.uuid && which != Which::TEXT) {
    diags_.error(pos, "$Avx.uuid goes on Text fields");
    return std::nullopt;
  }
  out.kind = TypeRef::Kind::kPrimitive;
  out.primitive = marks.timestamp ? Primitive::kTimestamp
                  : marks.duration ? Primitive::kDuration
                  : marks.uuid     ? Primitive::kUuid
                                   : *primitive;
  return out;
}

std::optional<TypeRef> CapnpFields::map_of(capnp::Type type, const SourcePos& pos, int depth) {
  if (depth > 16) {
    diags_.error(pos, "maps nest more than 16 deep");
    return std::nullopt;
  }
  const char* shape = "$Avx.map goes on List(Entry) where Entry is {key @0 :Text; value @1 :T}";
  if (type.which() != Which::LIST || type.asList().getElementType().which() != Which::STRUCT) {
    diags_.error(pos, shape);
    return std::nullopt;
  }
  capnp::StructSchema entry = type.asList().getElementType().asStruct();
  auto fields = entry.getFields();
  if (fields.size() != 2 || fields[0].getProto().getName() != "key" || fields[1].getProto().getName() != "value" ||
      fields[0].getType().which() != Which::TEXT || fields[0].getProto().getAnnotations().size() != 0 ||
      !fields[1].getProto().isSlot() || entry.getProto().getStruct().getDiscriminantCount() != 0) {
    diags_.error(pos, std::string(shape) + "; " + short_name(entry) + " is not");
    return std::nullopt;
  }
  Marks marks = marks_of(fields[1], pos);
  if (marks.optional || marks.deprecated) {
    diags_.error(pos, "the value of map entry " + short_name(entry) + " cannot be optional or deprecated");
  }
  auto value = marks.map ? map_of(fields[1].getType(), pos, depth + 1) : type_of(fields[1].getType(), marks, pos);
  if (!value) return std::nullopt;
  TypeRef out;
  out.kind = TypeRef::Kind::kMap;
  out.args.push_back(*value);
  out.pos = pos;
  return out;
}

std::optional<TypeRef> CapnpFields::named(capnp::Schema schema, const SourcePos& pos) {
  auto proto = schema.getProto();
  std::string name = short_name(schema);
  if (proto.getIsGeneric()) {
    diags_.error(pos, name + " is generic; generics are not supported");
    return std::nullopt;
  }
  if (auto it = not_types_.find(proto.getId()); it != not_types_.end()) {
    diags_.error(pos, name + " is " + it->second + ", not a type a field can have");
    return std::nullopt;
  }
  TypeRef out;
  out.kind = TypeRef::Kind::kNamed;
  out.pos = pos;
  if (proto.getScopeId() == file_id_) {
    out.name = name;
  } else if (auto it = packages_.find(proto.getScopeId()); it != packages_.end()) {
    out.name = it->second + "." + name;
  } else {
    diags_.error(pos, name + " is declared inside another declaration or in a file this schema does not import; "
                             "declare types at the top level of an imported file");
    return std::nullopt;
  }
  return out;
}

std::optional<DefaultValue> CapnpFields::default_of(capnp::StructSchema::Field field, const SourcePos& pos) {
  auto slot = field.getProto().getSlot();
  if (!slot.getHadExplicitDefault()) return std::nullopt;
  auto value = slot.getDefaultValue();
  DefaultValue out;
  out.pos = pos;
  switch (value.which()) {
    case capnp::schema::Value::BOOL: out.text = value.getBool() ? "true" : "false"; break;
    case capnp::schema::Value::INT32: out.text = std::to_string(value.getInt32()); break;
    case capnp::schema::Value::INT64: out.text = std::to_string(value.getInt64()); break;
    case capnp::schema::Value::UINT32: out.text = std::to_string(value.getUint32()); break;
    case capnp::schema::Value::UINT64: out.text = std::to_string(value.getUint64()); break;
    case capnp::schema::Value::FLOAT32: out.text = shortest(value.getFloat32()); break;
    case capnp::schema::Value::FLOAT64: out.text = shortest(value.getFloat64()); break;
    case capnp::schema::Value::TEXT:
      out.text = value.getText().cStr();
      out.quoted = true;
      break;
    case capnp::schema::Value::ENUM: {
      auto enumerants = field.getType().asEnum().getEnumerants();
      std::uint16_t ordinal = value.getEnum();
      if (ordinal < enumerants.size()) {
        out.text = upper_snake_enumerant(enumerants[ordinal].getProto().getName().cStr(), pos, diags_).value_or("?");
      }
      break;
    }
    default: out.text = "(a list, struct or data value)"; break;  // the checks say which types take defaults
  }
  return out;
}

std::optional<TypeRef> CapnpFields::type_expression(std::string_view text, const SourcePos& pos) {
  return parse_type(to_model_spelling(text), pos, diags_);
}

void CapnpFields::collect_map_entries(const CapnpAnnotations& annotations, capnp::StructSchema schema,
                                      std::set<std::uint64_t>& out) {
  for (capnp::StructSchema::Field field : schema.getFields()) {
    bool is_map = false;
    for (auto a : field.getProto().getAnnotations()) is_map = is_map || a.getId() == annotations.map;
    capnp::Type type = field.getType();
    if (!is_map || type.which() != Which::LIST || type.asList().getElementType().which() != Which::STRUCT) continue;
    capnp::StructSchema entry = type.asList().getElementType().asStruct();
    if (out.insert(entry.getProto().getId()).second) collect_map_entries(annotations, entry, out);  // map of maps
  }
}

}  // namespace avx::codegen
