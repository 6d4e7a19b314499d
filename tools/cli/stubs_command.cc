#include "tools/cli/stubs_command.h"

#include <iostream>
#include <memory>

#include "codegen/write_stubs.h"
#include "tools/stubcheck/check.h"
#include "tools/stubcheck/sync.h"

namespace avx::tools {

void add_stubs_command(CLI::App& app, int& status) {
  auto o = std::make_shared<codegen::StubsOptions>();
  auto check = std::make_shared<stubcheck::CheckOptions>();
  auto checking = std::make_shared<bool>(false);
  auto syncing = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "stubs", "Write <stem>.stubs.h/.cc with a stub per command and query handler; never overwrites "
               "(exit 1 when an existing stub file lacks handlers)");
  cmd->add_option("--out", o->out_dir, "Directory for the stub files")->required();
  cmd->add_option("--root", o->root, "Directory that schema and import paths are relative to")->capture_default_str();
  cmd->add_option("--include-dir", o->include_dir,
                  "How the stub source includes the stub header's directory (default: --out relative to --root)");
  cmd->add_option("files", o->files, "Schema files (.yaml, or .capnp with the avx-events annotations)")->required();
  cmd->add_flag("--check", *checking,
                "Read the handlers in --out (and --sources) as C++ and report, as path:line:col: error [RULE], "
                "STUB_MISSING, STUB_STALE and STUB_ORPHANED handlers (exit 0 in sync, 1 not, 2 error); writes nothing");
  cmd->add_flag("--sync", *syncing,
                "Add what --check finds missing to the stub files in --out, as `stubs` would write it, touching "
                "nothing else; report stale and orphaned handlers with their new signature (exit 0 in sync, 1 "
                "those remain, 2 error)")
      ->excludes("--check");
  cmd->add_option("--sources", check->sources, "With --check or --sync: more files holding handlers");
  cmd->add_option("--compile-commands", check->compile_commands,
                  "With --check or --sync: compile_commands.json with the flags to read them with (default: the runtime's "
                  "and the generated headers, and --root)");
  cmd->add_option("--format", check->format, "With --check or --sync: text (default) or github")->capture_default_str();
  cmd->footer("Examples:\n  avx-events stubs --out src/handlers schemas/library.yaml\n"
              "  avx-events stubs --check --out src/handlers schemas/library.yaml\n"
              "  avx-events stubs --sync --out src/handlers schemas/library.yaml");
  cmd->callback([o, check, checking, syncing, &status] {
    if (!*checking && !*syncing) {
      status = codegen::write_stubs(*o, std::cout, std::cerr);
      return;
    }
    check->out_dir = o->out_dir;
    check->root = o->root;
    check->files = o->files;
    status = *checking ? stubcheck::check_stubs(*check, std::cout, std::cerr)
                       : stubcheck::sync_stubs(*check, codegen::stub_include_dir(*o), std::cout, std::cerr);
  });
}

}  // namespace avx::tools
