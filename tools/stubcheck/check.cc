#include "tools/stubcheck/check.h"

#include "tools/stubcheck/analysis.h"

namespace avx::stubcheck {

int check_stubs(const CheckOptions& o, std::ostream& out, std::ostream& err) {
  Analysis a = analyse(o, err);
  if (a.status != 0) return a.status;
  for (const Finding& f : a.findings) print(f, o.format, out);
  if (!a.findings.empty()) {
    if (!a.errors.empty()) err << a.errors.size() << " compiler errors in the handler files; most follow from the above\n";
    return 1;
  }
  for (const CompilerError& e : a.errors) {
    err << e.at.file << ':' << e.at.line << ':' << e.at.column << ": error: " << e.message << '\n';
  }
  if (!a.errors.empty()) return 2;
  out << "in sync: " << a.expected.size() << " handler" << (a.expected.size() == 1 ? "" : "s") << " in " << a.files
      << " file" << (a.files == 1 ? "" : "s") << '\n';
  return 0;
}

}  // namespace avx::stubcheck
