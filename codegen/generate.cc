#include "codegen/generate.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <system_error>

#include "codegen/compile.h"
#include "codegen/emit/emitter.h"
#include "codegen/emit/view.h"
#include "codegen/write_file.h"

namespace avx::codegen {
namespace fs = std::filesystem;

int generate(const GenerateOptions& options, std::ostream& err) {
  Diagnostics diags;
  SchemaSet set = compile_schemas(options.files, LoadOptions{options.root}, diags);
  std::vector<GeneratedFile> files;
  if (!diags.has_errors()) {
    for (const Package* pkg : set.roots) {
      auto generated = emit_package(*pkg, EmitOptions{options.root}, diags);
      files.insert(files.end(), generated.begin(), generated.end());
    }
  }
  // Two schemas that would write the same file (a.yaml and other/a.yaml outside the root): refused
  // before anything is written.
  std::map<std::string, std::string> writer_of;
  for (const Package* pkg : set.roots) {
    std::string header = output_paths(pkg->path, options.root).header();
    auto [it, inserted] = writer_of.emplace(header, pkg->path);
    if (!inserted && it->second != pkg->path) {
      diags.error({pkg->path, 1, 1}, "would write " + (fs::path(options.out_dir) / header).string() + ", as " +
                                         it->second + " does; give schemas outside --root distinct file names");
    }
  }
  if (diags.has_errors()) {
    diags.print(err);
    err << diags.count() << (diags.count() == 1 ? " error" : " errors") << ", nothing written\n";
    return 2;
  }
  for (const GeneratedFile& file : files) {
    if (!write_atomically(fs::path(options.out_dir) / file.path, file.content, err)) return 2;
  }
  return 0;
}

}  // namespace avx::codegen
