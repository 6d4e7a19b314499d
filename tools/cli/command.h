#pragma once

// What every subcommand of avx-events is: a function that registers it on the application (its
// name, options, help and examples) and, when it is the one parsed, runs it and sets `status` to
// its exit code (0 ok, 1 findings, 2 usage or input error). main only registers them.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace avx::tools {

using AddCommand = void (*)(CLI::App& app, int& status);

// Options shared by the commands that look into a store file (store, dlq).
// ACTION (one of `actions`, required) and --db FILE|URL (required): a SQLite file or a PostgreSQL URL.
void add_action_and_db(CLI::App* command, std::string& action, std::string& db, std::vector<std::string> actions);

// Options shared by the commands that print records or decode payloads.
// --format text|json: one object a line with json.
void add_format_option(CLI::App* command, bool& json);
// --schema FILE, repeatable: schema files whose events' payloads print as JSON.
void add_schema_option(CLI::App* command, std::vector<std::string>& schemas, const std::string& what);

}  // namespace avx::tools
