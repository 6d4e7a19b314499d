#pragma once

// Positions in a `.capnp` file, for the errors the front end reports itself. The Cap'n Proto
// compiler checks the file and reports its own errors with positions, but the schema nodes it
// returns carry none (Cap'n Proto 0.9's SourceInfo holds doc comments only). So, once the file
// compiled, declarations are found again in its text: `struct Name`, `name @N`, a string literal.
// Comments and string contents are masked first, so neither is mistaken for a declaration. This
// only ever locates what the compiler already accepted; it never decides what the file means.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "codegen/model/source.h"

namespace avx::codegen {

class CapnpText {
 public:
  static constexpr std::size_t npos = std::string_view::npos;

  CapnpText(std::string path, std::string text);

  // `struct Money`, `enum Currency`, ... at or after `from`.
  std::size_t find_declaration(std::string_view keyword, std::string_view name, std::size_t from = 0) const;
  // A member declaration `name @N` (field or enumerant) or `name :group` at or after `from`.
  std::size_t find_member(std::string_view name, std::size_t from) const;
  // The string literal "value" at or after `from`.
  std::size_t find_string(std::string_view value, std::size_t from) const;

  // The 1-based line and column of `offset`; npos (not found) falls back to `fallback`.
  SourcePos pos(std::size_t offset, std::size_t fallback = 0) const;
  const std::string& path() const { return path_; }

 private:
  std::size_t find_token(std::string_view token, std::size_t from) const;
  bool token_at(std::string_view token, std::size_t at) const;  // `token` starts at `at` and ends a word

  std::string path_;
  std::string text_;
  std::string masked_;  // text_ with comments and string contents blanked
  std::vector<std::size_t> line_starts_;
};

}  // namespace avx::codegen
