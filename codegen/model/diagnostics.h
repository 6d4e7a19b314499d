#pragma once

// Collects every error of a run, so users see them all at once, formatted as
// `path:line:col: error: message`, ordered by position.

#include <ostream>
#include <string>
#include <vector>

#include "codegen/model/source.h"

namespace avx::codegen {

struct Diagnostic {
  SourcePos pos;
  std::string message;
};

class Diagnostics {
 public:
  void error(const SourcePos& pos, std::string message);

  bool has_errors() const { return !errors_.empty(); }
  std::size_t count() const { return errors_.size(); }
  const std::vector<Diagnostic>& errors() const { return errors_; }

  // Sorted by file, line, column; duplicates (same place, same text) printed once.
  void print(std::ostream& out) const;
  std::string to_string() const;

 private:
  std::vector<Diagnostic> errors_;
};

std::string format(const Diagnostic& d);

}  // namespace avx::codegen
