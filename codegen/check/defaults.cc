// Defaults: only scalars, strings and enums have them; the value must fit the type; a field is
// optional or defaulted, not both.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include "codegen/check/check.h"
#include "codegen/check/fields.h"

namespace avx::codegen {
namespace {

template <class Int>
bool parses_as(const std::string& text) {
  Int value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

bool parses_as_float(const std::string& text, double max) {
  if (text.empty()) return false;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value) && std::fabs(value) <= max;
}

// Empty when the default fits, else why not.
std::string default_problem(const Field& f) {
  const DefaultValue& d = *f.default_value;
  const TypeRef& t = f.type;
  if (t.kind == TypeRef::Kind::kNamed && t.enum_type != nullptr) {
    for (const Enumerant& v : t.enum_type->values) {
      if (v.name == d.text) return {};
    }
    return "'" + d.text + "' is not a value of enum " + t.enum_type->name;
  }
  if (t.kind != TypeRef::Kind::kPrimitive) {
    return "only bool, number, string and enum fields can have a default; " + to_string(t) + " cannot";
  }
  bool ok = true;
  switch (t.primitive) {
    case Primitive::kString: return {};
    case Primitive::kBool: ok = !d.quoted && (d.text == "true" || d.text == "false"); break;
    case Primitive::kInt32: ok = !d.quoted && parses_as<std::int32_t>(d.text); break;
    case Primitive::kInt64: ok = !d.quoted && parses_as<std::int64_t>(d.text); break;
    case Primitive::kUint32: ok = !d.quoted && parses_as<std::uint32_t>(d.text); break;
    case Primitive::kUint64: ok = !d.quoted && parses_as<std::uint64_t>(d.text); break;
    case Primitive::kFloat32: ok = !d.quoted && parses_as_float(d.text, std::numeric_limits<float>::max()); break;
    case Primitive::kFloat64: ok = !d.quoted && parses_as_float(d.text, std::numeric_limits<double>::max()); break;
    default:
      return "only bool, number, string and enum fields can have a default; " + to_string(t) + " cannot";
  }
  if (ok) return {};
  return "default '" + d.text + "'" + (d.quoted ? " (quoted)" : "") + " is not a valid " + to_string(t.primitive);
}

}  // namespace

void check_defaults(const SchemaSet& set, Diagnostics& diags) {
  for (const auto& pkg : set.packages) {
    for_each_field_list(*pkg, [&](const std::string& owner, const std::vector<Field>& fields) {
      for (const Field& f : fields) {
        if (!f.default_value) continue;
        if (f.optional) {
          diags.error(f.default_value->pos, "field '" + f.name + "' in " + owner +
                                                " is optional and has a default; choose one");
          continue;
        }
        if (f.type.kind == TypeRef::Kind::kNamed && !f.type.enum_type && !f.type.record) continue;  // unresolved
        if (std::string problem = default_problem(f); !problem.empty()) {
          diags.error(f.default_value->pos, "field '" + f.name + "' in " + owner + ": " + problem);
        }
      }
    });
  }
}

}  // namespace avx::codegen
