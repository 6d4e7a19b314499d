#include "tools/cli/dlq_command.h"

#include <filesystem>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include <avx/events/dlq/dead_letter.h>
#include <avx/events/open_store.h>

#include "tools/cli/command.h"
#include "tools/cli/event_format.h"
#include "tools/cli/payload_json.h"

namespace avx::tools {
namespace {

using events::DeadLetter;

nlohmann::json letter_json(const DeadLetter& l, const PayloadJson* schemas) {
  return {{"id", l.id},
          {"subscription", l.subscription},
          {"sequence", l.sequence},
          {"state", events::to_string(l.state)},
          {"attempts", l.attempts},
          {"error", l.error},
          {"first_failed_at", iso_time(l.first_failed_at)},
          {"last_failed_at", iso_time(l.last_failed_at)},
          {"next_attempt_at", iso_time(l.next_attempt_at)},
          {"event", event_json(l.event, schemas)}};
}

std::string letter_line(const DeadLetter& l) {
  return "#" + std::to_string(l.id) + " " + printable(l.subscription) + " " + printable(l.sequence) + " " +
         events::to_string(l.state) + " attempts=" + std::to_string(l.attempts) + " " + printable(l.event.type) +
         " v" + std::to_string(l.event.schema_version) + " at #" + std::to_string(l.event.position) + ": " +
         printable(l.error) + " (" + iso_time(l.last_failed_at) + ")";
}

int list(events::DeadLetterStore& letters, const DlqOptions& o, std::ostream& out, std::ostream& err) {
  std::uint64_t after = 0, shown = 0;
  while (shown < o.limit) {
    auto page = letters.list(o.subscription, after, std::min<std::size_t>(256, o.limit - shown));
    if (!page) {
      err << "error: " << page.error().message() << '\n';
      return 2;
    }
    for (const DeadLetter& l : *page) out << (o.json ? json_line(letter_json(l, nullptr)) : letter_line(l)) << '\n';
    shown += page->size();
    if (page->empty()) break;
    after = page->back().id;
  }
  if (!o.json) {
    auto counts = letters.counts(o.subscription);
    if (counts) {
      out << counts->parked << " parked, " << counts->retrying << " retrying, " << counts->queued << " queued\n";
    }
  }
  return 0;
}

int show(events::DeadLetterStore& letters, const DlqOptions& o, std::ostream& out, std::ostream& err) {
  if (!o.id) {
    err << "error: dlq show needs --id\n";
    return 2;
  }
  std::unique_ptr<PayloadJson> schemas;
  if (!o.schemas.empty()) {
    auto loaded = PayloadJson::load(o.schemas);
    if (!loaded) {
      err << loaded.error().message() << '\n';
      return 2;
    }
    schemas = std::move(*loaded);
  }
  auto letter = letters.get(*o.id);
  if (!letter) {
    err << "error: " << letter.error().message() << '\n';
    return 2;
  }
  if (!*letter) {
    err << "error: no dead letter " << *o.id << '\n';
    return 2;
  }
  const DeadLetter& l = **letter;
  if (o.json) {
    out << json_line(letter_json(l, schemas.get())) << '\n';
    return 0;
  }
  out << letter_line(l) << '\n'
      << "  first failed " << iso_time(l.first_failed_at) << ", last " << iso_time(l.last_failed_at)
      << ", next attempt " << iso_time(l.next_attempt_at) << '\n'
      << "  event " << event_line(l.event, schemas.get()) << '\n';
  return 0;
}

}  // namespace

int run_dlq(const DlqOptions& o, std::ostream& out, std::ostream& err) {
  // list and show only look: they open the file read-only and create nothing.
  const bool looking = o.action == "list" || o.action == "show";
  std::error_code ec;
  if (!events::is_postgres_url(o.db) && !std::filesystem::is_regular_file(events::sqlite_path(o.db), ec)) {
    err << "error: " << o.db << ": no such event store\n";
    return 2;
  }
  auto letters = events::open_dead_letters(o.db, looking);
  if (!letters) {
    err << "error: " << letters.error().message() << '\n';
    return 2;
  }
  if (o.action == "list") return list(**letters, o, out, err);
  if (o.action == "show") return show(**letters, o, out, err);
  if ((o.action == "replay" || o.action == "purge") && !o.id && o.subscription.empty() && !o.all) {
    err << "error: dlq " << o.action << " needs --id, --subscription or --all\n";
    return 2;
  }
  if (o.action == "replay") {
    auto n = (*letters)->request_replay(o.subscription, o.id, events::now());
    if (!n) {
      err << "error: " << n.error().message() << '\n';
      return 2;
    }
    if (o.id && *n == 0) {
      err << "error: no parked dead letter " << *o.id << (o.subscription.empty() ? "" : " in " + o.subscription)
          << '\n';
      return 2;
    }
    out << *n << " parked letter" << (*n == 1 ? "" : "s")
        << " marked for replay; the running subscription retries them at its next poll\n";
    return 0;
  }
  if (o.action == "purge") {
    auto n = (*letters)->purge(o.subscription, o.id);
    if (!n) {
      err << "error: " << n.error().message() << '\n';
      return 2;
    }
    if (o.id && *n == 0) {
      err << "error: no dead letter " << *o.id << '\n';
      return 2;
    }
    out << "purged " << *n << " letter" << (*n == 1 ? "" : "s") << '\n';
    return 0;
  }
  err << "error: unknown dlq action " << o.action << '\n';
  return 2;
}

void add_dlq_command(CLI::App& app, int& status) {
  auto o = std::make_shared<DlqOptions>();
  CLI::App* cmd = app.add_subcommand("dlq", "Dead letters in an event store file: list, show, replay, purge");
  add_action_and_db(cmd, o->action, o->db, {"list", "show", "replay", "purge"});
  cmd->add_option("--subscription", o->subscription, "Only this subscription's letters");
  cmd->add_option("--id", o->id, "Only this letter (show needs it)");
  cmd->add_flag("--all", o->all, "replay, purge: every letter of every subscription");
  cmd->add_option("--limit", o->limit, "list: at most this many")->capture_default_str();
  add_format_option(cmd, o->json);
  add_schema_option(cmd, o->schemas, "Schema files: show payloads as JSON (show)");
  cmd->footer("Examples:\n  avx-events dlq list --db app.db --subscription projection\n"
              "  avx-events dlq replay --db app.db --id 17");
  cmd->callback([o, &status] { status = run_dlq(*o, std::cout, std::cerr); });
}

}  // namespace avx::tools
