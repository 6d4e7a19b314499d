#include "avx/events/service_config.h"

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "avx/events/open_store.h"

#include "runtime/service/internal/config_keys.h"

extern char** environ;

namespace avx::events::service {
namespace {

using detail::ConfigKey;
using detail::RawValue;

std::string at(const std::filesystem::path& file, const toml::source_region& where) {
  return file.string() + ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column);
}

std::optional<RawValue> raw_value(const toml::node& node) {
  if (auto s = node.value<std::string>(); s && node.is_string()) return RawValue{*s};
  if (auto i = node.value<std::int64_t>(); i && node.is_integer()) return RawValue{*i};
  return std::nullopt;
}

void read_entry(const std::filesystem::path& file, const std::string& name, const toml::node& node,
                LoadedConfig& loaded, std::vector<std::string>& problems) {
  const ConfigKey* key = detail::find_key(name);
  std::string where = at(file, node.source());
  if (key == nullptr) {
    problems.push_back(where + ": unknown key '" + name + "' (docs/production.md lists the keys)");
    return;
  }
  std::optional<RawValue> value = raw_value(node);
  std::optional<std::string> problem = value ? detail::apply(*key, *value, loaded.config)
                                             : std::optional<std::string>("expected a string or an integer");
  if (problem) {
    problems.push_back(where + ": " + name + ": " + *problem);
  } else {
    loaded.sources[name] = where;
  }
}

void read_file(const std::filesystem::path& file, LoadedConfig& loaded, std::vector<std::string>& problems) {
  std::ifstream in(file);
  if (!in) {
    problems.push_back(file.string() + ": cannot read the configuration file");
    return;
  }
  toml::table root;
  try {
    root = toml::parse(in, file.string());
  } catch (const toml::parse_error& e) {
    problems.push_back(at(file, e.source()) + ": " + std::string(e.description()));
    return;
  }
  for (auto&& [top, node] : root) {
    std::string top_name(top.str());
    if (const toml::table* section = node.as_table()) {
      if (!detail::is_section(top_name)) {
        problems.push_back(at(file, node.source()) + ": unknown section '" + top_name + "'");
        continue;
      }
      for (auto&& [key, value] : *section) {
        std::string name = top_name + "." + std::string(key.str());
        if (value.is_table()) {
          problems.push_back(at(file, value.source()) + ": unknown section '" + name + "'");
        } else {
          read_entry(file, name, value, loaded, problems);
        }
      }
    } else {
      read_entry(file, top_name, node, loaded, problems);
    }
  }
}

// A variable's text as the key's type; nullopt for an integer key given something else.
std::optional<RawValue> env_value(const ConfigKey& key, std::string_view text) {
  if (!std::holds_alternative<std::uint64_t ServiceConfig::*>(key.field)) return RawValue{std::string(text)};
  std::int64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return RawValue{number};
}

bool ours(std::string_view name) { return name.starts_with("AVX__") || name.starts_with("AVX_EVENTS__"); }

void read_environment(const std::vector<std::string>& environment, LoadedConfig& loaded,
                      std::vector<std::string>& problems) {
  std::map<std::string, std::string> seen;  // key -> the variable that set it
  for (const auto& entry : environment) {
    auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    std::string_view name = std::string_view(entry).substr(0, eq);
    std::string_view text = std::string_view(entry).substr(eq + 1);
    const ConfigKey* key = nullptr;
    for (const auto& k : detail::config_keys()) {
      if (k.env == name || (!k.alias.empty() && k.alias == name)) key = &k;
    }
    if (key == nullptr) {
      if (ours(name)) problems.push_back(std::string(name) + ": unknown variable (docs/production.md lists them)");
      continue;
    }
    std::string key_name(key->name);
    if (auto other = seen.find(key_name); other != seen.end()) {
      problems.push_back(std::string(name) + " and " + other->second + " both set " + key_name + "; unset one");
      continue;
    }
    seen[key_name] = std::string(name);
    std::optional<RawValue> value = env_value(*key, text);
    std::optional<std::string> problem =
        value ? detail::apply(*key, *value, loaded.config) : "expected an integer, got \"" + std::string(text) + "\"";
    if (problem) {
      problems.push_back(std::string(name) + ": " + *problem);
    } else {
      loaded.sources[key_name] = std::string(name);
    }
  }
}

}  // namespace

Result<LoadedConfig> load_config(const std::optional<std::filesystem::path>& file,
                                 const std::vector<std::string>& environment) {
  LoadedConfig loaded;
  for (const auto& key : detail::config_keys()) loaded.sources[std::string(key.name)] = "default";
  std::vector<std::string> problems;
  if (file) read_file(*file, loaded, problems);
  read_environment(environment, loaded, problems);
  if (!problems.empty()) {
    std::string message;
    for (const auto& p : problems) message += (message.empty() ? "" : "\n") + p;
    return unexpected(Errc::kInvalidArgument, message);
  }
  return loaded;
}

std::vector<std::string> process_environment() {
  std::vector<std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) out.emplace_back(*e);
  return out;
}

std::string print_config(const LoadedConfig& loaded) {
  ServiceConfig redacted = loaded.config;  // passwords in URLs never reach a terminal or a log
  redacted.store_url = redacted_url(redacted.store_url);
  redacted.nats_url = redacted_url(redacted.nats_url);
  std::ostringstream out;
  std::string section;
  for (const auto& key : detail::config_keys()) {
    std::string_view name = key.name;
    auto dot = name.find('.');
    std::string this_section = dot == std::string_view::npos ? "" : std::string(name.substr(0, dot));
    if (this_section != section) {
      out << "\n[" << this_section << "]\n";
      section = this_section;
    }
    std::string value = detail::toml_value(key, redacted);
    out << name.substr(dot == std::string_view::npos ? 0 : dot + 1) << " = " << value << "  # "
        << loaded.sources.at(std::string(name)) << "\n";
  }
  return out.str();
}

}  // namespace avx::events::service
