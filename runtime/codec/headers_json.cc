#include "avx/events/headers_json.h"

#include <nlohmann/json.hpp>

namespace avx::events {

std::string headers_to_json(const Headers& headers) {
  if (headers.empty()) return "{}";
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [key, value] : headers) object[key] = value;
  // Values passed check_origin before they were stored; replace keeps a bad one from throwing.
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<Headers> headers_from_json(std::string_view json) {
  if (json == "{}") return Headers{};
  nlohmann::json parsed = nlohmann::json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return unexpected(Errc::kInvalidArgument, "headers are not a JSON object");
  Origin origin;
  for (const auto& [key, value] : parsed.items()) {
    if (!value.is_string()) {
      return unexpected(Errc::kInvalidArgument, "header '" + key + "' is not a string");
    }
    origin.headers.emplace(key, value.get<std::string>());
  }
  if (auto valid = check_origin(origin); !valid) return Unexpected{valid.error()};
  return std::move(origin.headers);
}

}  // namespace avx::events
