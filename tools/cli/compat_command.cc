#include "tools/cli/compat_command.h"

#include <iostream>
#include <memory>

#include "codegen/compat/run.h"

namespace avx::tools {

void add_compat_command(CLI::App& app, int& status) {
  auto o = std::make_shared<codegen::compat::CompatOptions>();
  CLI::App* cmd = app.add_subcommand(
      "compat", "Check that NEW schemas stay compatible with OLD ones (exit 0 compatible, 1 breaking, 2 error)");
  cmd->add_option("--against", o->against,
                  "OLD schema file (.yaml, .capnp) or directory; repeat, oldest first, for the transitive modes")
      ->expected(1)
      ->allow_extra_args(false)  // one path per --against, so NEW inputs may follow it
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--against-git", o->against_git, "Take OLD from this git revision of the same paths (e.g. main)");
  cmd->add_option("--mode", o->mode,
                  "backward (default), forward, full, backward_transitive, forward_transitive, full_transitive, none")
      ->capture_default_str();
  cmd->add_option("--format", o->format, "text (default), json or github")->capture_default_str();
  cmd->add_option("--write-baseline", o->write_baseline,
                  "Copy the NEW schemas (and their imports) into this directory instead of comparing");
  cmd->add_option("inputs", o->inputs, "NEW schema files (.yaml, .capnp) or directories of them")->required();
  cmd->footer("Examples:\n  avx-events compat --against-git origin/main schemas\n"
              "  avx-events compat --against release-1.2/schemas schemas --mode full --format github");
  cmd->callback([o, &status] { status = codegen::compat::run_compat(*o, std::cout, std::cerr); });
}

}  // namespace avx::tools
