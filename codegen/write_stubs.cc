#include "codegen/write_stubs.h"

#include <filesystem>

#include "codegen/compile.h"
#include "codegen/emit/stubs.h"
#include "codegen/write_file.h"

namespace avx::codegen {
namespace {

namespace fs = std::filesystem;

std::string default_include_dir(const StubsOptions& o) {  // see stub_include_dir
  std::error_code ec;
  // Absolute first: libstdc++ leaves a relative path that does not exist yet relative.
  fs::path out = fs::weakly_canonical(fs::absolute(o.out_dir), ec);
  fs::path root = fs::weakly_canonical(fs::absolute(o.root), ec);
  fs::path relative = out.lexically_relative(root);
  // Outside the root: the header beside the source, by its name (never an absolute path).
  if (relative.empty() || *relative.begin() == "..") return {};
  return relative.generic_string();
}

// 0: nothing missing; 1: handlers missing (reported).
int check_existing(const Package& pkg, const fs::path& header, const fs::path& source, std::ostream& out,
                   std::ostream& err) {
  const fs::path& existing = fs::exists(header) ? header : source;
  std::vector<std::string> missing = missing_handlers(pkg, read_all(existing));
  if (missing.empty()) {
    out << existing.string() << ": every handler of " << pkg.name << " is there; not rewritten\n";
    return 0;
  }
  err << existing.string() << ": error: lacks " << missing.size() << " handler" << (missing.size() == 1 ? "" : "s")
      << " of " << pkg.name << " (not rewritten; `avx-events stubs --sync` adds them):";
  for (const std::string& name : missing) err << ' ' << name;
  err << '\n';
  return 1;
}

}  // namespace

int write_stubs(const StubsOptions& options, std::ostream& out, std::ostream& err) {
  Diagnostics diags;
  SchemaSet set = compile_schemas(options.files, LoadOptions{options.root}, diags);
  if (diags.has_errors()) {
    diags.print(err);
    err << diags.count() << (diags.count() == 1 ? " error" : " errors") << ", nothing written\n";
    return 2;
  }
  const std::string include_dir = stub_include_dir(options);
  int status = 0;
  for (const Package* pkg : set.roots) {
    StubPaths paths = stub_paths(*pkg);
    fs::path header = fs::path(options.out_dir) / paths.header;
    fs::path source = fs::path(options.out_dir) / paths.source;
    if (fs::exists(header) || fs::exists(source)) {
      status = std::max(status, check_existing(*pkg, header, source, out, err));
      continue;
    }
    auto files = emit_stubs(*pkg, options.root, include_dir, diags);
    if (diags.has_errors()) {
      diags.print(err);
      return 2;
    }
    for (const GeneratedFile& file : files) {
      if (!write_atomically(fs::path(options.out_dir) / file.path, file.content, err)) return 2;
      out << "wrote " << (fs::path(options.out_dir) / file.path).string() << '\n';
    }
  }
  return status;
}

std::string stub_include_dir(const StubsOptions& options) {
  return options.include_dir.empty() ? default_include_dir(options) : options.include_dir;
}

}  // namespace avx::codegen
