#include "codegen/model/types.h"

#include <array>
#include <utility>

namespace avx::codegen {
namespace {

constexpr std::array<std::pair<std::string_view, Primitive>, 12> kPrimitives = {{
    {"bool", Primitive::kBool},         {"int32", Primitive::kInt32},
    {"int64", Primitive::kInt64},       {"uint32", Primitive::kUint32},
    {"uint64", Primitive::kUint64},     {"float32", Primitive::kFloat32},
    {"float64", Primitive::kFloat64},   {"string", Primitive::kString},
    {"bytes", Primitive::kBytes},       {"timestamp", Primitive::kTimestamp},
    {"duration", Primitive::kDuration}, {"uuid", Primitive::kUuid},
}};

constexpr int kMaxTypeDepth = 16;

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

// Recursive descent over a tiny grammar:  type := name | name '<' type (',' type)? '>'
class TypeParser {
 public:
  TypeParser(std::string_view text, const SourcePos& pos, Diagnostics& diags)
      : text_(text), pos_(pos), diags_(diags) {}

  std::optional<TypeRef> parse() {
    auto type = parse_type(0);
    if (!type) return std::nullopt;
    skip_spaces();
    if (at_ != text_.size()) return fail("unexpected '" + std::string(1, text_[at_]) + "' in type");
    return type;
  }

 private:
  std::optional<TypeRef> parse_type(int depth) {
    if (depth > kMaxTypeDepth) return fail("type nests more than 16 levels deep");
    skip_spaces();
    SourcePos where = here();
    std::size_t start = at_;
    while (at_ < text_.size() && is_name_char(text_[at_])) ++at_;
    std::string_view name = text_.substr(start, at_ - start);
    if (name.empty()) return fail(at_ < text_.size() ? "expected a type name before '" + std::string(1, text_[at_]) + "'"
                                                     : std::string("expected a type name"));
    skip_spaces();
    TypeRef type;
    type.pos = where;
    if (name == "list" || name == "map") return parse_generic(name, where, depth);
    if (auto p = primitive_from_name(name)) {
      type.kind = TypeRef::Kind::kPrimitive;
      type.primitive = *p;
    } else {
      type.kind = TypeRef::Kind::kNamed;
      type.name = std::string(name);
    }
    return type;
  }

  std::optional<TypeRef> parse_generic(std::string_view name, const SourcePos& where, int depth) {
    TypeRef type;
    type.pos = where;
    if (!consume('<')) return fail(std::string(name) + " needs a type argument: " + std::string(name) + (name == "list" ? "<T>" : "<string, T>"));
    if (name == "map") {
      auto key = parse_type(depth + 1);
      if (!key) return std::nullopt;
      if (key->kind != TypeRef::Kind::kPrimitive || key->primitive != Primitive::kString) {
        return fail_at(key->pos, "map keys must be string");
      }
      if (!consume(',')) return fail("expected ',' after the map key type");
    }
    auto arg = parse_type(depth + 1);
    if (!arg) return std::nullopt;
    if (!consume('>')) return fail("expected '>' to close " + std::string(name) + "<...>");
    type.kind = name == "list" ? TypeRef::Kind::kList : TypeRef::Kind::kMap;
    type.args.push_back(std::move(*arg));
    return type;
  }

  bool consume(char c) {
    skip_spaces();
    if (at_ < text_.size() && text_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }
  void skip_spaces() {
    while (at_ < text_.size() && text_[at_] == ' ') ++at_;
  }
  SourcePos here() const {
    SourcePos p = pos_;
    p.column += static_cast<int>(at_);
    return p;
  }
  std::nullopt_t fail(std::string message) { return fail_at(here(), std::move(message)); }
  std::nullopt_t fail_at(const SourcePos& where, std::string message) {
    if (!failed_) diags_.error(where, std::move(message));
    failed_ = true;
    return std::nullopt;
  }

  std::string_view text_;
  SourcePos pos_;
  Diagnostics& diags_;
  std::size_t at_ = 0;
  bool failed_ = false;
};

}  // namespace

std::optional<Primitive> primitive_from_name(std::string_view name) {
  for (const auto& [n, p] : kPrimitives) {
    if (n == name) return p;
  }
  return std::nullopt;
}

std::string to_string(Primitive p) {
  for (const auto& [n, q] : kPrimitives) {
    if (q == p) return std::string(n);
  }
  return "?";
}

std::string to_string(const TypeRef& type) {
  switch (type.kind) {
    case TypeRef::Kind::kPrimitive: return to_string(type.primitive);
    case TypeRef::Kind::kNamed: return type.name;
    case TypeRef::Kind::kList: return "list<" + to_string(type.args[0]) + ">";
    case TypeRef::Kind::kMap: return "map<string, " + to_string(type.args[0]) + ">";
  }
  return "?";
}

bool is_scalar(const TypeRef& t) {
  if (t.kind == TypeRef::Kind::kNamed) return t.enum_type != nullptr;
  if (t.kind != TypeRef::Kind::kPrimitive) return false;
  switch (t.primitive) {
    case Primitive::kString:
    case Primitive::kBytes:
    case Primitive::kUuid: return false;
    default: return true;
  }
}

std::optional<TypeRef> parse_type(std::string_view text, const SourcePos& pos, Diagnostics& diags) {
  return TypeParser(text, pos, diags).parse();
}

}  // namespace avx::codegen
