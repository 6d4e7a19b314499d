#include "tools/cli/stubs_command.h"

#include <iostream>
#include <memory>

#include "codegen/write_stubs.h"

namespace avx::tools {

void add_stubs_command(CLI::App& app, int& status) {
  auto o = std::make_shared<codegen::StubsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "stubs", "Write <stem>.stubs.h/.cc with a stub per command and query handler; never overwrites "
               "(exit 1 when an existing stub file lacks handlers)");
  cmd->add_option("--out", o->out_dir, "Directory for the stub files")->required();
  cmd->add_option("--root", o->root, "Directory that schema and import paths are relative to")->capture_default_str();
  cmd->add_option("--include-dir", o->include_dir,
                  "How the stub source includes the stub header's directory (default: --out relative to --root)");
  cmd->add_option("files", o->files, "Schema files (.yaml, or .capnp with the avx-events annotations)")->required();
  cmd->footer("Example:\n  avx-events stubs --out src/handlers schemas/library.yaml");
  cmd->callback([o, &status] { status = codegen::write_stubs(*o, std::cout, std::cerr); });
}

}  // namespace avx::tools
