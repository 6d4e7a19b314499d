// avx-events: the command line. Every subcommand lives in tools/cli/<name>_command.{h,cc}, which
// declares its options and runs it; main only registers them and returns the exit code.
//
// Exit codes: 0 ok, 1 findings, 2 usage or schema error.

#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"
#include "tools/cli/compat_command.h"
#include "tools/cli/dlq_command.h"
#include "tools/cli/generate_command.h"
#include "tools/cli/graph_command.h"
#include "tools/cli/nats_command.h"
#include "tools/cli/store_command.h"
#include "tools/cli/stubs_command.h"
#include "tools/cli/suggest.h"

int main(int argc, char** argv) {
  CLI::App app{"avx-events: schema-first events for C++"};
  app.require_subcommand(1);
  app.set_version_flag("--version", avx::tools::version_text());
  int status = 2;
  for (avx::tools::AddCommand add : {avx::tools::add_generate_command, avx::tools::add_stubs_command,
                                     avx::tools::add_compat_command, avx::tools::add_store_command,
                                     avx::tools::add_dlq_command, avx::tools::add_nats_command,
                                     avx::tools::add_graph_command}) {
    add(app, status);
  }
  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
  if (auto unknown = avx::tools::unknown_command(commands, argc, argv)) {
    std::cerr << *unknown << '\n';
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return status;
}
