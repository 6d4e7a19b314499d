#pragma once

// The table of configuration keys: TOML name, environment variable, value rule and the field it
// sets. load_config and print_config both walk it, so a key is added in one place.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "avx/events/service_config.h"

namespace avx::events::service::detail {

enum class Rule {
  kName,      // a non-empty string
  kUrl,       // any string (empty: unused)
  kLevel,     // a log level
  kAddress,   // host:port
  kPositive,  // an integer >= 1
};

struct ConfigKey {
  std::string_view name;  // "http.bind_addr": section, dot, key; or a top-level key
  std::string_view env;   // "AVX__HTTP__BIND_ADDR"
  std::string_view alias; // a second variable for the same key ("AVX_STORE_URL"), or empty
  Rule rule;
  std::variant<std::string ServiceConfig::*, std::uint64_t ServiceConfig::*> field;
};

std::span<const ConfigKey> config_keys();
const ConfigKey* find_key(std::string_view name);
bool is_section(std::string_view name);  // "http", "events", ...

// A value as read, before the key's rule checks it.
using RawValue = std::variant<std::string, std::int64_t>;

// Checks `value` against the key's rule and stores it. Returns the problem, if any.
std::optional<std::string> apply(const ConfigKey& key, const RawValue& value, ServiceConfig& config);

// The key's current value, as TOML.
std::string toml_value(const ConfigKey& key, const ServiceConfig& config);

}  // namespace avx::events::service::detail
