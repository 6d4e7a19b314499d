#pragma once

// `avx-events store stats|streams|read|tail --db FILE|URL`: look into an event store (SQLite or
// PostgreSQL), read-only. `read --until TIME` and `--to-version N` show the store as it was then.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace avx::tools {

struct StoreOptions {
  std::string action;  // stats, streams, read, tail
  std::string db;
  std::optional<std::string> stream;
  std::optional<std::uint64_t> from;  // read: 1 when unset; tail: the head + 1 (only new events)
  std::optional<std::size_t> limit;  // read: 100 when unset; tail: stop after this many events
  bool json = false;
  std::vector<std::string> schemas;  // schema files: payloads of their events print as JSON
  std::optional<double> follow_seconds;  // tail: stop after this long (default: until interrupted)
  std::optional<std::string> until;      // read: only events stamped at or before this RFC 3339 time
  std::optional<std::uint64_t> to_version;  // read: stop after this version (--stream) or position
};

// Exit status: 0 ok, 2 usage error or unreadable store.
// Registers `avx-events store` (options bound to a StoreOptions it owns) to run run_store.
void add_store_command(CLI::App& app, int& status);

int run_store(const StoreOptions& options, std::ostream& out, std::ostream& err);

}  // namespace avx::tools
