#pragma once

// Structured logs: one JSON object per line, through spdlog.
//
//   {"timestamp":"2026-11-27T09:30:00.123Z","level":"info","message":"listening on 127.0.0.1:8080",
//    "target":"http","service":"orders","stack":"shop","layer":"app","env":"prod",
//    "cluster":"eu-1","mesh":"none"}
//
// Every field is JSON-escaped (spdlog's own patterns do not escape the message); bytes that are
// not UTF-8 become U+FFFD, so a line always parses.

#include <memory>
#include <string>
#include <string_view>

#include <spdlog/formatter.h>
#include <spdlog/logger.h>

#include "avx/events/result.h"

namespace avx::events::service {

struct ServiceConfig;

// The context fields every line carries, in this order.
struct LogContext {
  std::string service, stack, layer, env, cluster, mesh;
  static LogContext from(const ServiceConfig& config);
};

class JsonFormatter final : public spdlog::formatter {
 public:
  explicit JsonFormatter(LogContext context) : context_(std::move(context)) {}
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;

 private:
  LogContext context_;
};

// A logger named `target` writing JSON lines to `sink` at `level` (trace ... off). Fails on an
// unknown level.
Result<std::shared_ptr<spdlog::logger>> make_json_logger(std::string_view target, const LogContext& context,
                                                         spdlog::sink_ptr sink, std::string_view level);

}  // namespace avx::events::service
