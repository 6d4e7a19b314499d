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

int main(int argc, char** argv) {
  CLI::App app{"avx-events: schema-first events for C++"};
  app.require_subcommand(1);

  avx::codegen::GenerateOptions generate;
  CLI::App* gen = app.add_subcommand("generate", "Generate C++ and a Cap'n Proto wire schema from schema files");
  gen->add_option("--out", generate.out_dir, "Directory to write generated files under")->required();
  gen->add_option("--root", generate.root, "Directory that schema and import paths are relative to")
      ->capture_default_str();
  gen->add_option("files", generate.files, "Schema files (.yaml)")->required();

  avx::codegen::StubsOptions stubs;
  CLI::App* stb = app.add_subcommand(
      "stubs", "Write <stem>.stubs.h/.cc with a stub per command and query handler; never overwrites "
               "(exit 1 when an existing stub file lacks handlers)");
  stb->add_option("--out", stubs.out_dir, "Directory for the stub files")->required();
  stb->add_option("--root", stubs.root, "Directory that schema and import paths are relative to")
      ->capture_default_str();
  stb->add_option("--include-dir", stubs.include_dir,
                  "How the stub source includes the stub header's directory (default: --out relative to --root)");
  stb->add_option("files", stubs.files, "Schema files (.yaml)")->required();

  avx::codegen::compat::CompatOptions compat;
  CLI::App* cmp = app.add_subcommand(
      "compat", "Check that NEW schemas stay compatible with OLD ones (exit 0 compatible, 1 breaking, 2 error)");
  cmp->add_option("--against", compat.against,
                  "OLD schema file or directory; repeat, oldest first, for the transitive modes")
      ->expected(1)
      ->allow_extra_args(false)  // one path per --against, so NEW inputs may follow it
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmp->add_option("--against-git", compat.against_git, "Take OLD from this git revision of the same paths (e.g. main)");
  cmp->add_option("--mode", compat.mode,
                  "backward (default), forward, full, backward_transitive, forward_transitive, full_transitive, none")
      ->capture_default_str();
  cmp->add_option("--format", compat.format, "text (default), json or github")->capture_default_str();
  cmp->add_option("--write-baseline", compat.write_baseline,
                  "Copy the NEW schemas (and their imports) into this directory instead of comparing");
  cmp->add_option("inputs", compat.inputs, "NEW schema files or directories")->required();

  avx::tools::StoreOptions store;
  CLI::App* st = app.add_subcommand("store", "Look into an event store: stats, streams, read, tail");
  st->add_option("action", store.action, "stats, streams, read or tail")
      ->required()
      ->check(CLI::IsMember({"stats", "streams", "read", "tail"}));
  st->add_option("--db", store.db, "The SQLite file of the store")->required();
  st->add_option("--stream", store.stream, "Only this stream (read, tail)");
  st->add_option("--from", store.from, "First position, or version with --stream (read, tail)");
  st->add_option("--limit", store.limit, "At most this many events (read: 100 by default; tail: then stop)");
  st->add_option("--for", store.follow_seconds, "tail: stop after this many seconds");
  st->add_flag("--json", store.json, "One JSON object per line");
  st->add_option("--schema", store.schemas, "Schema files: show payloads of their events as JSON (read, tail)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);

  avx::tools::DlqOptions dlq;
  CLI::App* dl = app.add_subcommand("dlq", "Dead letters in an event store file: list, show, replay, purge");
  dl->add_option("action", dlq.action, "list, show, replay or purge")
      ->required()
      ->check(CLI::IsMember({"list", "show", "replay", "purge"}));
  dl->add_option("--db", dlq.db, "The SQLite file of the store")->required();
  dl->add_option("--subscription", dlq.subscription, "Only this subscription's letters");
  dl->add_option("--id", dlq.id, "Only this letter (show needs it)");
  dl->add_flag("--all", dlq.all, "purge: every letter of every subscription");
  dl->add_option("--limit", dlq.limit, "list: at most this many")->capture_default_str();
  dl->add_flag("--json", dlq.json, "One JSON object per letter");
  dl->add_option("--schema", dlq.schemas, "Schema files: show payloads as JSON (show)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (gen->parsed()) return avx::codegen::generate(generate, std::cerr);
  if (stb->parsed()) return avx::codegen::write_stubs(stubs, std::cout, std::cerr);
  if (cmp->parsed()) return avx::codegen::compat::run_compat(compat, std::cout, std::cerr);
  if (st->parsed()) return avx::tools::run_store(store, std::cout, std::cerr);
  if (dl->parsed()) return avx::tools::run_dlq(dlq, std::cout, std::cerr);
  return 2;
}
