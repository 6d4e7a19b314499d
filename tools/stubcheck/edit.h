#pragma once

// Insertions into a user's file, applied with clang::tooling::Replacements: only the inserted text
// is new; every byte of the file stays where it was, in order.

#include <optional>
#include <string>
#include <vector>

namespace avx::stubcheck {

struct Insertion {
  unsigned offset = 0;
  std::string text;
};

// `code` with the insertions made; nullopt (and `error` says why) when one falls outside the file.
std::optional<std::string> insert(const std::string& file, const std::string& code,
                                  const std::vector<Insertion>& insertions, std::string& error);

}  // namespace avx::stubcheck
