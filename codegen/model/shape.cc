#include "codegen/model/shape.h"

#include <set>

namespace avx::codegen {
namespace {

void describe_fields(const std::vector<Field>& fields, std::set<const Record*>& open, std::string& out);

void describe_type(const TypeRef& t, std::set<const Record*>& open, std::string& out) {
  switch (t.kind) {
    case TypeRef::Kind::kPrimitive: out += to_string(t.primitive); return;
    case TypeRef::Kind::kList:
    case TypeRef::Kind::kMap:
      out += t.kind == TypeRef::Kind::kList ? "list<" : "map<";
      describe_type(t.args[0], open, out);
      out += '>';
      return;
    case TypeRef::Kind::kNamed: break;
  }
  if (t.enum_type != nullptr) {
    out += "enum{";
    for (const Enumerant& v : t.enum_type->values) out += v.name + ',';
    out += '}';
  } else if (t.record != nullptr) {
    out += "record " + t.record->name;
    if (open.insert(t.record).second) {  // a record inside itself is named, not expanded again
      out += '{';
      describe_fields(t.record->fields, open, out);
      out += '}';
      open.erase(t.record);
    }
  } else {
    out += t.name;  // unresolved: checks reject it before anything is emitted
  }
}

void describe_fields(const std::vector<Field>& fields, std::set<const Record*>& open, std::string& out) {
  for (const Field& f : fields) {
    out += f.name + ':';
    describe_type(f.type, open, out);
    if (f.optional) out += '?';
    if (f.default_value) out += '=' + f.default_value->text;
    out += ';';
  }
}

}  // namespace

std::string describe_shape(const std::vector<Field>& fields) {
  std::set<const Record*> open;
  std::string out;
  describe_fields(fields, open, out);
  return out;
}

std::uint32_t shape_fingerprint(const std::vector<Field>& fields) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : describe_shape(fields)) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash;
}

}  // namespace avx::codegen
