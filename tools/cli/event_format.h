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

// A store file is input like any other: any bytes may be in its text columns. The rule
// (docs/cli.md): JSON output replaces each byte that is not UTF-8 with U+FFFD, so every line is
// valid JSON; text output also shows control bytes as \xNN, never as raw terminal escapes.
std::string json_line(const nlohmann::json& j);
std::string printable(std::string_view text);

// ISO-8601 UTC, as the JSON mapping writes timestamps.
std::string iso_time(events::Timestamp t);

}  // namespace avx::tools
