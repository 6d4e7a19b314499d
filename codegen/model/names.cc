#include "codegen/model/names.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace avx::codegen {
namespace {

bool lower(char c) { return c >= 'a' && c <= 'z'; }
bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

constexpr std::array<std::string_view, 96> kCppKeywords = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case",
    "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const",
    "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await", "co_return",
    "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum",
    "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int",
    "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or",
    "or_eq", "private", "protected", "public", "register", "reinterpret_cast", "requires", "return",
    "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct", "switch",
    "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
    "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
    "final", "override", "import", "module"};

}  // namespace

std::string snake_case(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (upper(c)) {
      bool after_lower = i > 0 && (lower(name[i - 1]) || digit(name[i - 1]));
      bool ends_acronym = i > 0 && upper(name[i - 1]) && i + 1 < name.size() && lower(name[i + 1]);
      if (after_lower || ends_acronym) out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

std::string lower_camel(std::string_view name) {
  // An all-caps name (an enumerant) is lowered first: IN_STOCK -> in_stock -> inStock.
  bool all_caps = std::none_of(name.begin(), name.end(), lower);
  std::string out;
  bool next_upper = false;
  for (char c : name) {
    if (c == '_') {
      next_upper = !out.empty();
      continue;
    }
    if (all_caps && upper(c)) c = static_cast<char>(c - 'A' + 'a');
    if (out.empty() && upper(c)) c = static_cast<char>(c - 'A' + 'a');
    if (next_upper && lower(c)) c = static_cast<char>(c - 'a' + 'A');
    next_upper = false;
    out += c;
  }
  return out;
}

std::string superseded_event_name(std::string_view event, int version) {
  return std::string(event) + "V" + std::to_string(version);
}

std::string aggregate_state_name(std::string_view aggregate) { return std::string(aggregate) + "State"; }

std::string handler_name(std::string_view message) { return std::string(message) + "Handler"; }

std::string upper_camel(std::string_view name) {
  std::string out = lower_camel(name);
  if (!out.empty() && lower(out[0])) out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

bool is_package_name(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.back() == '.') return false;
  bool segment_start = true;
  for (char c : name) {
    if (c == '.') {
      if (segment_start) return false;
      segment_start = true;
      continue;
    }
    if (segment_start && !lower(c)) return false;
    if (!lower(c) && !digit(c) && c != '_') return false;
    segment_start = false;
  }
  return true;
}

bool is_upper_camel(std::string_view name) {
  return !name.empty() && upper(name[0]) &&
         std::all_of(name.begin(), name.end(), [](char c) { return lower(c) || upper(c) || digit(c); });
}

bool is_lower_snake(std::string_view name) {
  if (name.empty() || !lower(name[0]) || name.back() == '_') return false;
  if (name.find("__") != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return lower(c) || digit(c) || c == '_'; });
}

bool is_enumerant_name(std::string_view name) {
  if (name.empty() || !upper(name[0]) || name.back() == '_') return false;
  if (name.find("__") != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return lower(c) || upper(c) || digit(c) || c == '_'; });
}

bool is_cpp_keyword(std::string_view name) {
  return std::find(kCppKeywords.begin(), kCppKeywords.end(), name) != kCppKeywords.end();
}

bool is_reserved_member_name(std::string_view name) {
  // A member named `std` would hide the namespace inside the generated struct.
  return is_cpp_keyword(name) || name == "std";
}

}  // namespace avx::codegen
