// avx-events: the command line. Parses arguments and maps results to exit codes; the work is in
// libraries that tests call directly.
//
// Exit codes: 0 ok, 1 findings, 2 usage or schema error.

#include <iostream>

#include <CLI/CLI.hpp>

#include "codegen/compat/command.h"
#include "codegen/generate.h"
#include "codegen/stubs_command.h"
#include "tools/cli/dlq_command.h"
#include "tools/cli/store_command.h"
#include "tools/cli/suggest.h"

namespace {

// --format text|json, the one output option of the commands that print records.
void add_format(CLI::App* app, bool& json) {
  app->add_option_function<std::string>(
         "--format", [&json](const std::string& f) { json = f == "json"; }, "text (default) or json: one object a line")
      ->check(CLI::IsMember({"text", "json"}));
}

void add_schemas(CLI::App* app, std::vector<std::string>& schemas, const std::string& what) {
  app->add_option("--schema", schemas, what)
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

CLI::App* add_generate(CLI::App& app, avx::codegen::GenerateOptions& o) {
  CLI::App* cmd = app.add_subcommand("generate", "Generate C++ and a Cap'n Proto wire schema from schema files");
  cmd->add_option("--out", o.out_dir, "Directory to write generated files under")->required();
  cmd->add_option("--root", o.root, "Directory that schema and import paths are relative to")->capture_default_str();
  cmd->add_option("files", o.files, "Schema files (.yaml)")->required();
  cmd->footer("Example:\n  avx-events generate --out gen schemas/shop/orders.yaml\n"
              "  writes gen/schemas/shop/orders.avx.{h,cc,capnp} and .avx.wire.h");
  return cmd;
}

CLI::App* add_stubs(CLI::App& app, avx::codegen::StubsOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "stubs", "Write <stem>.stubs.h/.cc with a stub per command and query handler; never overwrites "
               "(exit 1 when an existing stub file lacks handlers)");
  cmd->add_option("--out", o.out_dir, "Directory for the stub files")->required();
  cmd->add_option("--root", o.root, "Directory that schema and import paths are relative to")->capture_default_str();
  cmd->add_option("--include-dir", o.include_dir,
                  "How the stub source includes the stub header's directory (default: --out relative to --root)");
  cmd->add_option("files", o.files, "Schema files (.yaml)")->required();
  cmd->footer("Example:\n  avx-events stubs --out src/handlers schemas/library.yaml");
  return cmd;
}

CLI::App* add_compat(CLI::App& app, avx::codegen::compat::CompatOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "compat", "Check that NEW schemas stay compatible with OLD ones (exit 0 compatible, 1 breaking, 2 error)");
  cmd->add_option("--against", o.against, "OLD schema file or directory; repeat, oldest first, for the transitive modes")
      ->expected(1)
      ->allow_extra_args(false)  // one path per --against, so NEW inputs may follow it
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--against-git", o.against_git, "Take OLD from this git revision of the same paths (e.g. main)");
  cmd->add_option("--mode", o.mode,
                  "backward (default), forward, full, backward_transitive, forward_transitive, full_transitive, none")
      ->capture_default_str();
  cmd->add_option("--format", o.format, "text (default), json or github")->capture_default_str();
  cmd->add_option("--write-baseline", o.write_baseline,
                  "Copy the NEW schemas (and their imports) into this directory instead of comparing");
  cmd->add_option("inputs", o.inputs, "NEW schema files or directories")->required();
  cmd->footer("Examples:\n  avx-events compat --against-git origin/main schemas\n"
              "  avx-events compat --against release-1.2/schemas schemas --mode full --format github");
  return cmd;
}

CLI::App* add_store(CLI::App& app, avx::tools::StoreOptions& o) {
  CLI::App* cmd = app.add_subcommand("store", "Look into an event store (read-only): stats, streams, read, tail");
  cmd->add_option("action", o.action, "stats, streams, read or tail")
      ->required()
      ->check(CLI::IsMember({"stats", "streams", "read", "tail"}));
  cmd->add_option("--db", o.db, "The SQLite file of the store")->required();
  cmd->add_option("--stream", o.stream, "Only this stream (read, tail)");
  cmd->add_option("--from", o.from, "First position, or version with --stream (read: 1; tail: only new events)");
  cmd->add_option("--limit", o.limit, "At most this many events (read: 100 by default; tail: then stop)");
  cmd->add_option("--for", o.follow_seconds, "tail: stop after this many seconds");
  add_format(cmd, o.json);
  add_schemas(cmd, o.schemas, "Schema files: show payloads of their events as JSON (read, tail)");
  cmd->footer("Examples:\n  avx-events store read --db app.db --stream Account-ada --schema schemas/bank.yaml\n"
              "  avx-events store tail --db app.db --from 1 --format json");
  return cmd;
}

CLI::App* add_dlq(CLI::App& app, avx::tools::DlqOptions& o) {
  CLI::App* cmd = app.add_subcommand("dlq", "Dead letters in an event store file: list, show, replay, purge");
  cmd->add_option("action", o.action, "list, show, replay or purge")
      ->required()
      ->check(CLI::IsMember({"list", "show", "replay", "purge"}));
  cmd->add_option("--db", o.db, "The SQLite file of the store")->required();
  cmd->add_option("--subscription", o.subscription, "Only this subscription's letters");
  cmd->add_option("--id", o.id, "Only this letter (show needs it)");
  cmd->add_flag("--all", o.all, "replay, purge: every letter of every subscription");
  cmd->add_option("--limit", o.limit, "list: at most this many")->capture_default_str();
  add_format(cmd, o.json);
  add_schemas(cmd, o.schemas, "Schema files: show payloads as JSON (show)");
  cmd->footer("Examples:\n  avx-events dlq list --db app.db --subscription projection\n"
              "  avx-events dlq replay --db app.db --id 17");
  return cmd;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"avx-events: schema-first events for C++"};
  app.require_subcommand(1);
  app.set_version_flag("--version", avx::tools::version_text());
  avx::codegen::GenerateOptions generate;
  avx::codegen::StubsOptions stubs;
  avx::codegen::compat::CompatOptions compat;
  avx::tools::StoreOptions store;
  avx::tools::DlqOptions dlq;
  CLI::App* gen = add_generate(app, generate);
  CLI::App* stb = add_stubs(app, stubs);
  CLI::App* cmp = add_compat(app, compat);
  CLI::App* st = add_store(app, store);
  CLI::App* dl = add_dlq(app, dlq);
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
  if (gen->parsed()) return avx::codegen::generate(generate, std::cerr);
  if (stb->parsed()) return avx::codegen::write_stubs(stubs, std::cout, std::cerr);
  if (cmp->parsed()) return avx::codegen::compat::run_compat(compat, std::cout, std::cerr);
  if (st->parsed()) return avx::tools::run_store(store, std::cout, std::cerr);
  if (dl->parsed()) return avx::tools::run_dlq(dlq, std::cout, std::cerr);
  return 2;
}
