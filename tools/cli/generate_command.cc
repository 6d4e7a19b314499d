#include "tools/cli/generate_command.h"

#include <iostream>
#include <memory>

#include "codegen/generate.h"

namespace avx::tools {

void add_generate_command(CLI::App& app, int& status) {
  auto o = std::make_shared<codegen::GenerateOptions>();
  CLI::App* cmd = app.add_subcommand("generate", "Generate C++ and a Cap'n Proto wire schema from schema files");
  cmd->add_option("--out", o->out_dir, "Directory to write generated files under")->required();
  cmd->add_option("--root", o->root, "Directory that schema and import paths are relative to")->capture_default_str();
  cmd->add_option("files", o->files, "Schema files (.yaml, or .capnp with the avx-events annotations)")->required();
  cmd->footer("Example:\n  avx-events generate --out gen schemas/shop/orders.yaml\n"
              "  writes gen/schemas/shop/orders.avx.{h,cc,capnp} and .avx.wire.h");
  cmd->callback([o, &status] { status = codegen::generate(*o, std::cerr); });
}

}  // namespace avx::tools
