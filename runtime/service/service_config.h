#pragma once

// A service's configuration: defaults, then avx.toml, then environment variables, each value
// remembering where it came from (--print-config shows it).
//
//   stack = "shop"                      # AVX__STACK
//   [http]
//   bind_addr = "0.0.0.0:8080"          # AVX__HTTP__BIND_ADDR
//   [events]
//   channel_size = 4096                 # AVX_EVENTS__CHANNEL_SIZE
//
// Every key and variable is listed in docs/production.md. An unknown key or variable (under the
// AVX__ and AVX_EVENTS__ prefixes) or a bad value is an error naming it and its source: the file
// with line and column, or the variable.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "avx/events/result.h"

namespace avx::events::service {

struct ServiceConfig {
  std::string service = "avx-service";  // the `source` of the events it publishes
  // Where the service runs: the context fields of every log line.
  std::string stack = "local";
  std::string layer = "app";
  std::string env = "dev";
  std::string cluster = "local";
  std::string mesh = "none";
  std::string log_level = "info";  // trace, debug, info, warn, error, critical, off
  std::string http_bind_addr = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  std::uint64_t channel_size = 4096;     // capacity of each asynchronous subscriber's queue
  std::uint64_t max_subscribers = 1024;  // subscriptions the service may hold
  std::string store_url = "avx-events.db";  // a SQLite path, or postgresql://...
  std::string nats_url;                     // empty: no NATS
  std::uint64_t shutdown_deadline_ms = 10000;  // how long SIGTERM waits for in-flight work
  std::uint64_t ready_max_lag = 1000;  // /ready fails while a subscription lags more events
};

struct LoadedConfig {
  ServiceConfig config;
  // Key ("http.bind_addr") -> where its value came from: "default", "avx.toml:4:13" or
  // "AVX__HTTP__BIND_ADDR".
  std::map<std::string, std::string> sources;
};

// Reads `file` when given (it must exist), then the AVX variables of `environment` ("NAME=value"
// entries, as in environ). Fails with every problem found, one per line.
Result<LoadedConfig> load_config(const std::optional<std::filesystem::path>& file,
                                 const std::vector<std::string>& environment);

// The process's environment, for load_config.
std::vector<std::string> process_environment();

// The effective configuration as TOML, each value followed by a comment naming its source.
std::string print_config(const LoadedConfig& loaded);

}  // namespace avx::events::service
