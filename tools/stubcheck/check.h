#pragma once

// `avx-events stubs --check`: do the user's handlers match the schema? The schema's command and
// query handler interfaces are generated in memory; Clang's LibTooling reads the user's files
// against them (scan.h); every interface must have a user class whose `handle` overrides it.
//   STUB_MISSING   an interface nobody implements (a command or query added to the schema)
//   STUB_STALE     a handle() whose signature the interface no longer has (a reply type changed)
//   STUB_ORPHANED  a handler of a command or query the schema no longer declares
// Exit status: 0 in sync, 1 findings, 2 usage, schema or parse error.

#include <ostream>
#include <string>
#include <vector>

namespace avx::stubcheck {

struct CheckOptions {
  std::string out_dir;                // where the handlers are (every .h/.cc there is read)
  std::string root = ".";             // schema paths, imports and the user's includes start here
  std::vector<std::string> files;     // the schemas
  std::vector<std::string> sources;   // more handler files, for handlers moved elsewhere
  std::string compile_commands;       // compile_commands.json; default: flags of our own
  std::string format = "text";        // text or github
};

int check_stubs(const CheckOptions& options, std::ostream& out, std::ostream& err);

}  // namespace avx::stubcheck
