#pragma once

// How stores keep an event's headers: one JSON object of strings, in key order ({} when there are
// none), readable with any SQL client's JSON functions.

#include <string>
#include <string_view>

#include "avx/events/origin.h"
#include "avx/events/result.h"

namespace avx::events {

std::string headers_to_json(const Headers& headers);

// Refuses anything but a JSON object of string values that check_origin accepts as headers (a
// corrupted or hostile column is an error, never headers nobody wrote).
Result<Headers> headers_from_json(std::string_view json);

}  // namespace avx::events
