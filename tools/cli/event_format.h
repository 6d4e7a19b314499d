#pragma once

// How the CLI shows a stored event: one JSON object, or one line of text. Payloads print as JSON
// when --schema files describe their type and version, else as hex.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <avx/events/store.h>

#include "tools/cli/payload_json.h"

namespace avx::tools {

std::string hex(std::string_view bytes, std::size_t max = 64);
nlohmann::json event_json(const events::RecordedEvent& e, const PayloadJson* schemas);
std::string event_line(const events::RecordedEvent& e, const PayloadJson* schemas);

}  // namespace avx::tools
