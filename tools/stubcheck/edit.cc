#include "tools/stubcheck/edit.h"

#include <clang/Tooling/Core/Replacement.h>
#include <llvm/Support/Error.h>

namespace avx::stubcheck {

std::optional<std::string> insert(const std::string& file, const std::string& code,
                                  const std::vector<Insertion>& insertions, std::string& error) {
  clang::tooling::Replacements replacements;
  for (const Insertion& i : insertions) {
    if (i.offset > code.size()) {
      error = file + ": offset " + std::to_string(i.offset) + " is past the end of the file";
      return std::nullopt;
    }
    // Insertions at one offset are merged in the order added.
    if (llvm::Error e = replacements.add(clang::tooling::Replacement(file, i.offset, 0, i.text))) {
      error = file + ": " + llvm::toString(std::move(e));
      return std::nullopt;
    }
  }
  auto edited = clang::tooling::applyAllReplacements(code, replacements);
  if (!edited) {
    error = file + ": " + llvm::toString(edited.takeError());
    return std::nullopt;
  }
  return *edited;
}

}  // namespace avx::stubcheck
