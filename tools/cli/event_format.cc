#include "tools/cli/event_format.h"

#include <avx/events/json.h>
#include <avx/events/utf8.h>

namespace avx::tools {

std::string json_line(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string printable(std::string_view text) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  while (!text.empty()) {
    std::size_t valid = events::find_invalid_utf8(text).value_or(text.size());
    for (std::size_t i = 0; i <= valid && i < text.size(); ++i) {
      auto c = static_cast<unsigned char>(text[i]);
      if (i < valid && c >= 0x20 && c != 0x7f) {
        out += static_cast<char>(c);
      } else {  // a control byte, or the byte that is not UTF-8
        out += "\\x";
        out += digits[c >> 4];
        out += digits[c & 15];
      }
    }
    text.remove_prefix(std::min(text.size(), valid + 1));
  }
  return out;
}

std::string iso_time(events::Timestamp t) {
  events::json::Writer w;
  w.timestamp(t);
  std::string quoted = w.take();
  return quoted.substr(1, quoted.size() - 2);
}

std::string hex(std::string_view bytes, std::size_t max) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes.size() && i < max; ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  if (bytes.size() > max) out += "...";
  return out;
}

namespace {

// "by USER from SOURCE [k=v, ...] " for what the origin has; nothing when it is empty.
std::string origin_text(const events::Origin& origin) {
  std::string out;
  if (!origin.user_id.empty()) out += "by " + printable(origin.user_id) + " ";
  if (!origin.source.empty()) out += "from " + printable(origin.source) + " ";
  if (!origin.headers.empty()) {
    std::string sep = "[";
    for (const auto& [key, value] : origin.headers) {
      out += sep + printable(key) + "=" + printable(value);
      sep = ", ";
    }
    out += "] ";
  }
  return out;
}

}  // namespace

nlohmann::json event_json(const events::RecordedEvent& e, const PayloadJson* schemas) {
  nlohmann::json j = {{"position", e.position},
                      {"stream", e.stream},
                      {"version", e.version},
                      {"event_id", e.event_id.to_string()},
                      {"type", e.type},
                      {"schema_version", e.schema_version},
                      {"timestamp", iso_time(e.timestamp)},
                      {"correlation_id", e.correlation_id},
                      {"causation_id", e.causation_id},
                      {"user_id", e.origin.user_id},
                      {"source", e.origin.source},
                      {"headers", e.origin.headers},
                      {"payload_hex", hex(e.payload, e.payload.size())}};
  if (schemas == nullptr) return j;
  if (auto decoded = schemas->to_json(e)) {
    if (*decoded) {
      j["payload"] = nlohmann::json::parse(**decoded);
    } else {
      j["payload_error"] = decoded->error().message();
    }
  }
  return j;
}

std::string event_line(const events::RecordedEvent& e, const PayloadJson* schemas) {
  std::optional<events::Result<std::string>> decoded;
  if (schemas != nullptr) decoded = schemas->to_json(e);
  std::string line = "#" + std::to_string(e.position) + " " + printable(e.stream) + " v" + std::to_string(e.version) +
                     " " + printable(e.type) + " (schema v" + std::to_string(e.schema_version) + ") " + origin_text(e.origin);
  if (decoded && *decoded) return line + **decoded;
  return line + std::to_string(e.payload.size()) + " bytes " + hex(e.payload) +
         (decoded ? " (does not decode: " + printable(decoded->error().message()) + ")" : std::string());
}

}  // namespace avx::tools
