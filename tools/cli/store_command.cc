#include "tools/cli/store_command.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include <avx/events/event_cursor.h>
#include <avx/events/json_scalars.h>
#include <avx/events/open_store.h>
#include <avx/events/store.h>

#include "tools/cli/command.h"
#include "tools/cli/event_format.h"
#include "tools/cli/payload_json.h"

namespace avx::tools {
namespace {

using avx::events::RecordedEvent;

void print(const RecordedEvent& e, bool json, const PayloadJson* schemas, std::ostream& out) {
  if (json) {
    out << json_line(event_json(e, schemas)) << '\n';
  } else {
    out << event_line(e, schemas) << '\n';
  }
}

avx::events::EventCursor cursor_for(avx::events::EventStore& store, const StoreOptions& o, std::uint64_t from) {
  return o.stream ? avx::events::EventCursor::stream(store, *o.stream, from) : avx::events::EventCursor::all(store, from);
}

// --until and --to-version: the store as it was then. Events past --to-version end the read;
// events stamped after --until are left out (writers' clocks may differ, so later ones may follow).
struct AsOf {
  std::optional<avx::events::Timestamp> until;
  std::uint64_t last_key = ~std::uint64_t{0};
};

int read(avx::events::EventStore& store, const StoreOptions& o, const AsOf& as_of, const PayloadJson* schemas,
         std::ostream& out, std::ostream& err) {
  auto cursor = cursor_for(store, o, o.from.value_or(1));
  const std::size_t limit = o.limit.value_or(100);
  std::uint64_t shown = 0;
  bool progress = isatty(STDERR_FILENO) != 0;
  std::uint64_t next_key = o.from.value_or(1);
  bool more = true;
  while (more && shown < limit) {
    if (auto next = cursor.next(limit - shown); !next) {
      err << "error: " << next.error().message() << '\n';
      return 2;
    }
    for (const auto& e : cursor.page()) {
      const std::uint64_t key = o.stream ? e.version : e.position;
      if (key > as_of.last_key) {
        more = false;
        break;
      }
      next_key = key + 1;
      if (as_of.until && e.timestamp > *as_of.until) continue;
      print(e, o.json, schemas, out);
      ++shown;
    }
    if (progress && shown >= 10000) err << "\rread " << shown << " events" << std::flush;
    if (cursor.caught_up()) more = false;
  }
  if (progress && shown >= 10000) err << '\n';
  if (more) err << "stopped at --limit " << limit << "; more from --from " << next_key << '\n';
  return 0;
}

// Polls: appends made by other processes are not announced to this one.
int tail(avx::events::EventStore& store, const StoreOptions& o, const PayloadJson* schemas, std::ostream& out,
         std::ostream& err) {
  auto head = o.stream ? store.stream_version(*o.stream) : store.head_position();
  if (!head) {
    err << "error: " << head.error().message() << '\n';
    return 2;
  }
  // With --from, the stored backlog from there first, then what comes.
  auto cursor = cursor_for(store, o, o.from.value_or(*head + 1));
  auto until = std::chrono::steady_clock::now() +
               std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                   std::chrono::duration<double>(o.follow_seconds.value_or(1e9)));
  std::size_t shown = 0;
  while (std::chrono::steady_clock::now() < until) {
    if (auto next = cursor.next(); !next) {
      err << "error: " << next.error().message() << '\n';
      return 2;
    }
    for (const auto& e : cursor.page()) {
      print(e, o.json, schemas, out);
      if (o.limit && ++shown >= *o.limit) return 0;
    }
    out << std::flush;
    if (cursor.caught_up()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return 0;
}

}  // namespace

int run_store(const StoreOptions& o, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  AsOf as_of;
  if ((o.until || o.to_version) && o.action != "read") {
    err << "error: --until and --to-version go with store read\n";
    return 2;
  }
  if (o.until) {
    as_of.until = avx::events::json::parse_timestamp(*o.until);
    if (!as_of.until) {
      err << "error: --until " << *o.until << ": not an RFC 3339 time (e.g. 2026-11-27T09:30:00Z)\n";
      return 2;
    }
  }
  if (o.to_version) as_of.last_key = *o.to_version;
  // Read-only: a mistyped path or a foreign file is an error, and nothing is created.
  auto store = avx::events::open_store(o.db, {.read_only = true, .follow = o.action == "tail"});
  if (!store) {
    err << "error: " << store.error().message() << '\n';
    return 2;
  }
  auto& s = **store;
  std::unique_ptr<PayloadJson> schemas;
  if (!o.schemas.empty()) {
    auto loaded = PayloadJson::load(o.schemas);
    if (!loaded) {
      err << loaded.error().message();
      return 2;
    }
    schemas = std::move(*loaded);
  }
  if (o.action == "read") return read(s, o, as_of, schemas.get(), out, err);
  if (o.action == "tail") return tail(s, o, schemas.get(), out, err);
  std::vector<avx::events::EventStore::StreamInfo> streams;
  for (std::string after;;) {
    auto page = s.streams(after, 1000);
    if (!page) {
      err << "error: " << page.error().message() << '\n';
      return 2;
    }
    streams.insert(streams.end(), page->begin(), page->end());
    if (page->size() < 1000) break;
    after = page->back().name;
  }
  if (o.action == "streams") {
    for (const auto& info : streams) {
      if (o.json) {
        out << json_line({{"stream", info.name}, {"version", info.version}}) << '\n';
      } else {
        out << printable(info.name) << " v" << info.version << '\n';
      }
    }
    return 0;
  }
  auto head = s.head_position();
  if (!head) {
    err << "error: " << head.error().message() << '\n';
    return 2;
  }
  nlohmann::json stats = {{"events", *head}, {"streams", streams.size()}};
  std::string size;
  if (!avx::events::is_postgres_url(o.db)) {  // a SQLite file: its size too
    auto bytes = std::filesystem::file_size(avx::events::sqlite_path(o.db), ec);
    stats["file_bytes"] = bytes;
    size = ", " + std::to_string(bytes) + " bytes";
  }
  if (o.json) {
    out << json_line(stats) << '\n';
  } else {
    out << avx::events::redacted_url(o.db) << ": " << *head << " events in " << streams.size() << " streams" << size << '\n';
  }
  return 0;
}

void add_store_command(CLI::App& app, int& status) {
  auto o = std::make_shared<StoreOptions>();
  CLI::App* cmd = app.add_subcommand("store", "Look into an event store (read-only): stats, streams, read, tail");
  add_action_and_db(cmd, o->action, o->db, {"stats", "streams", "read", "tail"});
  cmd->add_option("--stream", o->stream, "Only this stream (read, tail)");
  cmd->add_option("--from", o->from, "First position, or version with --stream (read: 1; tail: only new events)");
  cmd->add_option("--limit", o->limit, "At most this many events (read: 100 by default; tail: then stop)");
  cmd->add_option("--for", o->follow_seconds, "tail: stop after this many seconds");
  add_format_option(cmd, o->json);
  cmd->add_option("--until", o->until, "read: only events stamped at or before this RFC 3339 time");
  cmd->add_option("--to-version", o->to_version, "read: up to this version (with --stream) or global position");
  add_schema_option(cmd, o->schemas, "Schema files: show payloads of their events as JSON (read, tail)");
  cmd->footer("Examples:\n  avx-events store read --db app.db --stream Account-ada --schema schemas/bank.yaml\n"
              "  avx-events store read --db app.db --stream Account-ada --until 2026-11-27T09:30:00Z\n"
              "  avx-events store tail --db postgresql:///shop --from 1 --format json");
  cmd->callback([o, &status] { status = run_store(*o, std::cout, std::cerr); });
}

}  // namespace avx::tools
