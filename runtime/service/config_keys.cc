#include "runtime/service/internal/config_keys.h"

#include "runtime/service/internal/bind_address.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace avx::events::service::detail {
namespace {

using C = ServiceConfig;

constexpr std::array<std::string_view, 7> kLevels = {"trace", "debug", "info", "warn", "error", "critical", "off"};

const std::array<ConfigKey, 14> kKeys = {{
    {"service", "AVX__SERVICE", "", Rule::kName, &C::service},
    {"stack", "AVX__STACK", "", Rule::kName, &C::stack},
    {"layer", "AVX__LAYER", "", Rule::kName, &C::layer},
    {"env", "AVX__ENV", "", Rule::kName, &C::env},
    {"cluster", "AVX__CLUSTER", "", Rule::kName, &C::cluster},
    {"mesh", "AVX__MESH", "", Rule::kName, &C::mesh},
    {"log.level", "AVX__LOG__LEVEL", "", Rule::kLevel, &C::log_level},
    {"http.bind_addr", "AVX__HTTP__BIND_ADDR", "", Rule::kAddress, &C::http_bind_addr},
    {"events.channel_size", "AVX_EVENTS__CHANNEL_SIZE", "", Rule::kPositive, &C::channel_size},
    {"events.max_subscribers", "AVX_EVENTS__MAX_SUBSCRIBERS", "", Rule::kPositive, &C::max_subscribers},
    {"events.store_url", "AVX_EVENTS__STORE_URL", "AVX_STORE_URL", Rule::kUrl, &C::store_url},
    {"events.nats_url", "AVX_EVENTS__NATS_URL", "AVX_NATS_URL", Rule::kUrl, &C::nats_url},
    {"shutdown.deadline_ms", "AVX__SHUTDOWN__DEADLINE_MS", "", Rule::kPositive, &C::shutdown_deadline_ms},
    {"ready.max_lag", "AVX__READY__MAX_LAG", "", Rule::kPositive, &C::ready_max_lag},
}};

// A TOML basic string: quotes, backslashes and control characters escaped.
std::string toml_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned char>(c));
      out += escape;
    } else {
      out += c;
    }
  }
  return out + '"';
}

}  // namespace

std::span<const ConfigKey> config_keys() { return kKeys; }

const ConfigKey* find_key(std::string_view name) {
  for (const auto& key : kKeys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

bool is_section(std::string_view name) {
  for (const auto& key : kKeys) {
    if (key.name.size() > name.size() && key.name.starts_with(name) && key.name[name.size()] == '.') return true;
  }
  return false;
}

std::optional<std::string> apply(const ConfigKey& key, const RawValue& value, ServiceConfig& config) {
  if (auto* field = std::get_if<std::uint64_t ServiceConfig::*>(&key.field)) {
    const auto* number = std::get_if<std::int64_t>(&value);
    if (number == nullptr) return "expected an integer";
    if (*number < 1) return "expected an integer of at least 1, got " + std::to_string(*number);
    config.*(*field) = static_cast<std::uint64_t>(*number);
    return std::nullopt;
  }
  const auto* text = std::get_if<std::string>(&value);
  if (text == nullptr) return "expected a string";
  switch (key.rule) {
    case Rule::kName:
      if (text->empty()) return "must not be empty";
      break;
    case Rule::kLevel:
      if (std::find(kLevels.begin(), kLevels.end(), *text) == kLevels.end()) {
        return "expected one of trace, debug, info, warn, error, critical, off; got " + toml_string(*text);
      }
      break;
    case Rule::kAddress:
      if (auto address = parse_bind_address(*text); !address) {
        return address.error().message() + "; got " + toml_string(*text);
      }
      break;
    default:
      break;
  }
  config.*std::get<std::string ServiceConfig::*>(key.field) = *text;
  return std::nullopt;
}

std::string toml_value(const ConfigKey& key, const ServiceConfig& config) {
  if (auto* field = std::get_if<std::uint64_t ServiceConfig::*>(&key.field)) return std::to_string(config.*(*field));
  return toml_string(config.*std::get<std::string ServiceConfig::*>(key.field));
}

}  // namespace avx::events::service::detail
