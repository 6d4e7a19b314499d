#include "tools/cli/dynamic_json.h"

#include <avx/events/json.h>

#include "codegen/model/names.h"
#include "codegen/model/types.h"

namespace avx::tools {
namespace {

using codegen::Primitive;
using codegen::TypeRef;
using events::json::Writer;

void write_fields(Writer& w, capnp::DynamicStruct::Reader s, const std::vector<codegen::Field>& fields);

void write_primitive(Writer& w, const capnp::DynamicValue::Reader& v, Primitive p) {
  switch (p) {
    case Primitive::kBool: return w.boolean(v.as<bool>());
    case Primitive::kInt32: return w.number(v.as<std::int64_t>());
    case Primitive::kUint32: return w.number(v.as<std::uint64_t>());
    case Primitive::kInt64: return w.quoted(v.as<std::int64_t>());
    case Primitive::kUint64: return w.quoted(v.as<std::uint64_t>());
    case Primitive::kFloat32: return w.number(v.as<double>(), true);
    case Primitive::kFloat64: return w.number(v.as<double>(), false);
    case Primitive::kString:
    case Primitive::kUuid: {
      auto text = v.as<capnp::Text>();
      return w.text(std::string_view(text.cStr(), text.size()));  // not UTF-8: U+FFFD, never raw bytes
    }
    case Primitive::kBytes: {
      auto data = v.as<capnp::Data>();
      return w.base64(std::string_view(reinterpret_cast<const char*>(data.begin()), data.size()));
    }
    case Primitive::kTimestamp: return w.timestamp(events::timestamp_from_nanos(v.as<std::int64_t>()));
    case Primitive::kDuration: return w.duration(events::Duration(v.as<std::int64_t>()));
  }
}

void write_value(Writer& w, const capnp::DynamicValue::Reader& v, const TypeRef& t) {
  switch (t.kind) {
    case TypeRef::Kind::kPrimitive: return write_primitive(w, v, t.primitive);
    case TypeRef::Kind::kList:
      w.begin_array();
      for (auto element : v.as<capnp::DynamicList>()) write_value(w, element, t.args[0]);
      return w.end_array();
    case TypeRef::Kind::kMap:
      w.begin_object();
      for (auto entry : v.as<capnp::DynamicList>()) {
        auto e = entry.as<capnp::DynamicStruct>();
        auto key = e.get("key").as<capnp::Text>();
        w.key(std::string_view(key.cStr(), key.size()));
        write_value(w, e.get("value"), t.args[0]);
      }
      return w.end_object();
    case TypeRef::Kind::kNamed: break;
  }
  if (t.enum_type != nullptr) {
    std::uint16_t ordinal = v.as<capnp::DynamicEnum>().getRaw();
    if (ordinal < t.enum_type->values.size()) return w.text(t.enum_type->values[ordinal].name);
    return w.number(static_cast<std::int64_t>(ordinal));  // written by a newer schema: shown, not guessed
  }
  w.begin_object();
  write_fields(w, v.as<capnp::DynamicStruct>(), t.record->fields);
  w.end_object();
}

void write_fields(Writer& w, capnp::DynamicStruct::Reader s, const std::vector<codegen::Field>& fields) {
  for (const codegen::Field& f : fields) {
    auto field = s.getSchema().getFieldByName(codegen::lower_camel(f.name));
    if (f.optional && !s.has(field)) continue;  // unset optionals are omitted
    w.key(f.name);
    auto value = s.get(field);
    if (f.optional && codegen::is_scalar(f.type)) {
      write_value(w, value.as<capnp::DynamicStruct>().get("value"), f.type);  // the one-field wrapper
    } else {
      write_value(w, value, f.type);
    }
  }
}

}  // namespace

std::string dynamic_to_json(capnp::DynamicStruct::Reader message, const std::vector<codegen::Field>& fields) {
  Writer w;
  w.begin_object();
  write_fields(w, message, fields);
  w.end_object();
  return w.take();
}

}  // namespace avx::tools
