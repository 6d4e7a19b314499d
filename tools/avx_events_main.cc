// avx-events: the command line. Parses arguments and maps results to exit codes; the work is in
// libraries that tests call directly.
//
// Exit codes: 0 ok, 1 findings, 2 usage or schema error.

#include <iostream>

#include <CLI/CLI.hpp>

#include "codegen/generate.h"

int main(int argc, char** argv) {
  CLI::App app{"avx-events: schema-first events for C++"};
  app.require_subcommand(1);

  avx::codegen::GenerateOptions generate;
  CLI::App* gen = app.add_subcommand("generate", "Generate C++ and a Cap'n Proto wire schema from schema files");
  gen->add_option("--out", generate.out_dir, "Directory to write generated files under")->required();
  gen->add_option("--root", generate.root, "Directory that schema and import paths are relative to")
      ->capture_default_str();
  gen->add_option("files", generate.files, "Schema files (.yaml)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (gen->parsed()) return avx::codegen::generate(generate, std::cerr);
  return 2;
}
