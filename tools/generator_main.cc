// avx-events-generator: the `generate` subcommand alone, for the avx_events_cc_library rule. It
// links the code generator and nothing else (no runtime, no transports, no LibTooling), so a build
// that generates code does not first compile all of avx-events for the exec configuration. Same
// arguments and output as `avx-events generate`.

#include <CLI/CLI.hpp>

#include "tools/cli/generate_command.h"

int main(int argc, char** argv) {
  CLI::App app{"avx-events-generator: C++ and wire schemas from avx-events schemas"};
  app.require_subcommand(1);
  int status = 2;
  avx::tools::add_generate_command(app, status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return status;
}
