#include "codegen/generate.h"

#include <filesystem>
#include <fstream>
#include <system_error>

#include "codegen/check/check.h"
#include "codegen/emit/emitter.h"
#include "codegen/frontend/loader.h"
#include "codegen/write_file.h"

namespace avx::codegen {
namespace fs = std::filesystem;

int generate(const GenerateOptions& options, std::ostream& err) {
  Diagnostics diags;
  SchemaSet set = load_schemas(options.files, LoadOptions{options.root}, diags);
  // Checks run even after front-end errors (the model holds what could be read), so users get
  // every error in one go.
  check_schemas(set, diags);
  std::vector<GeneratedFile> files;
  if (!diags.has_errors()) {
    for (const Package* pkg : set.roots) {
      auto generated = emit_package(*pkg, EmitOptions{options.root}, diags);
      files.insert(files.end(), generated.begin(), generated.end());
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
