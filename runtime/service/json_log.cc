#include "avx/events/json_log.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "avx/events/service_config.h"

namespace avx::events::service {
namespace {

// RFC 3339 in UTC with milliseconds: 2026-11-27T09:30:00.123Z.
std::string rfc3339(spdlog::log_clock::time_point time) {
  auto since = time.time_since_epoch();
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since - seconds).count();
  std::time_t t = seconds.count();
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  return buffer;
}

}  // namespace

LogContext LogContext::from(const ServiceConfig& config) {
  return {config.service, config.stack, config.layer, config.env, config.cluster, config.mesh};
}

void JsonFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  nlohmann::ordered_json line;
  line["timestamp"] = rfc3339(msg.time);
  auto level = spdlog::level::to_string_view(msg.level);
  line["level"] = std::string(level.data(), level.size());
  line["message"] = std::string(msg.payload.data(), msg.payload.size());
  line["target"] = std::string(msg.logger_name.data(), msg.logger_name.size());
  line["service"] = context_.service;
  line["stack"] = context_.stack;
  line["layer"] = context_.layer;
  line["env"] = context_.env;
  line["cluster"] = context_.cluster;
  line["mesh"] = context_.mesh;
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  dest.append(text.data(), text.data() + text.size());
}

std::unique_ptr<spdlog::formatter> JsonFormatter::clone() const { return std::make_unique<JsonFormatter>(context_); }

Result<std::shared_ptr<spdlog::logger>> make_json_logger(std::string_view target, const LogContext& context,
                                                         spdlog::sink_ptr sink, std::string_view level) {
  auto parsed = spdlog::level::from_str(std::string(level));
  // from_str answers "off" for anything it does not know: accept "off" only when asked for.
  if (parsed == spdlog::level::off && level != "off") {
    return unexpected(Errc::kInvalidArgument, "unknown log level '" + std::string(level) + "'");
  }
  auto logger = std::make_shared<spdlog::logger>(std::string(target), std::move(sink));
  logger->set_formatter(std::make_unique<JsonFormatter>(context));
  logger->set_level(parsed);
  return logger;
}

}  // namespace avx::events::service
