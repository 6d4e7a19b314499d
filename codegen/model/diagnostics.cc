#include "codegen/model/diagnostics.h"

#include <algorithm>
#include <sstream>
#include <tuple>

namespace avx::codegen {

void Diagnostics::error(const SourcePos& pos, std::string message) {
  errors_.push_back({pos, std::move(message)});
}

std::string format(const Diagnostic& d) {
  std::ostringstream out;
  out << d.pos.file << ':' << d.pos.line << ':' << d.pos.column << ": error: " << d.message;
  return out.str();
}

void Diagnostics::print(std::ostream& out) const {
  std::vector<Diagnostic> sorted = errors_;
  auto key = [](const Diagnostic& d) { return std::tie(d.pos.file, d.pos.line, d.pos.column, d.message); };
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  sorted.erase(std::unique(sorted.begin(), sorted.end(),
                           [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
               sorted.end());
  for (const auto& d : sorted) out << format(d) << '\n';
}

std::string Diagnostics::to_string() const {
  std::ostringstream out;
  print(out);
  return out.str();
}

}  // namespace avx::codegen
