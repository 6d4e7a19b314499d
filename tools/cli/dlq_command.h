#pragma once

// `avx-events dlq list|show|replay|purge --db FILE|URL`: the dead letters kept in an event store
// (a SQLite file or a PostgreSQL database; list and show open it read-only).
// replay marks parked letters for another round of the retry policy: the running service's
// DeadLetterGuard picks them up at its next poll (the CLI cannot run your handlers).

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace avx::tools {

struct DlqOptions {
  std::string action;  // list, show, replay, purge
  std::string db;
  std::string subscription;  // empty: every subscription
  std::optional<std::uint64_t> id;
  bool all = false;  // purge: required to purge every letter of every subscription
  bool json = false;
  std::size_t limit = 100;
  std::vector<std::string> schemas;  // show payloads as JSON
};

// Exit status: 0 ok, 2 usage error or unreadable store.
// Registers `avx-events dlq` (options bound to a DlqOptions it owns) to run run_dlq.
void add_dlq_command(CLI::App& app, int& status);

int run_dlq(const DlqOptions& options, std::ostream& out, std::ostream& err);

}  // namespace avx::tools
