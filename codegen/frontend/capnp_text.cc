#include "codegen/frontend/capnp_text.h"

#include <algorithm>

namespace avx::codegen {
namespace {

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Blanks comments (`#` to the end of the line) and the contents of string literals, keeping every
// offset and newline, so searches in the result see only code.
std::string mask(const std::string& text) {
  std::string out = text;
  bool in_string = false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\' && i + 1 < out.size()) {
        out[i] = out[i + 1] = ' ';
        ++i;
      } else if (c == '"') {
        in_string = false;
      } else if (c != '\n') {
        out[i] = ' ';
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '#') {
      for (; i < out.size() && text[i] != '\n'; ++i) out[i] = ' ';
    }
  }
  return out;
}

}  // namespace

CapnpText::CapnpText(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)), masked_(mask(text_)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

std::size_t CapnpText::find_token(std::string_view token, std::size_t from) const {
  if (token.empty()) return npos;
  for (std::size_t at = masked_.find(token, from); at != npos; at = masked_.find(token, at + 1)) {
    bool starts = at == 0 || !word_char(masked_[at - 1]);
    bool ends = at + token.size() >= masked_.size() || !word_char(masked_[at + token.size()]);
    if (starts && ends) return at;
  }
  return npos;
}

std::size_t CapnpText::find_declaration(std::string_view keyword, std::string_view name, std::size_t from) const {
  for (std::size_t at = find_token(keyword, from); at != npos; at = find_token(keyword, at + 1)) {
    std::size_t i = at + keyword.size();
    while (i < masked_.size() && space(masked_[i])) ++i;
    if (token_at(name, i)) return at;
  }
  return npos;
}

bool CapnpText::token_at(std::string_view token, std::size_t at) const {
  return masked_.compare(at, token.size(), token) == 0 &&
         (at + token.size() >= masked_.size() || !word_char(masked_[at + token.size()]));
}

std::size_t CapnpText::find_member(std::string_view name, std::size_t from) const {
  for (std::size_t at = find_token(name, from); at != npos; at = find_token(name, at + 1)) {
    std::size_t i = at + name.size();
    while (i < masked_.size() && space(masked_[i])) ++i;
    if (i < masked_.size() && masked_[i] == '@') return at;                            // name @N
    if (i < masked_.size() && masked_[i] == ':') {  // name :group
      std::size_t j = i + 1;
      while (j < masked_.size() && space(masked_[j])) ++j;
      if (token_at("group", j)) return at;
    }
  }
  return npos;
}

std::size_t CapnpText::find_string(std::string_view value, std::size_t from) const {
  std::string quoted = "\"" + std::string(value) + "\"";
  for (std::size_t at = text_.find(quoted, from); at != npos; at = text_.find(quoted, at + 1)) {
    // A real literal: the mask kept both quotes, and blanked what is between them.
    std::size_t close = at + quoted.size() - 1;
    if (masked_[at] == '"' && masked_[close] == '"' &&
        masked_.find_first_not_of(' ', at + 1) == close) {
      return at;
    }
  }
  return npos;
}

SourcePos CapnpText::pos(std::size_t offset, std::size_t fallback) const {
  if (offset == npos || offset > text_.size()) offset = std::min(fallback, text_.size());
  auto line = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - 1;
  return SourcePos{path_, static_cast<int>(line - line_starts_.begin()) + 1,
                   static_cast<int>(offset - *line) + 1};
}

}  // namespace avx::codegen
