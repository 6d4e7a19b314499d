#include "runtime/store/backend/store_rules.h"

#include <set>
#include <utility>

#include "avx/events/headers_json.h"

namespace avx::events {

bool ExpectedVersion::allows(std::uint64_t actual) const {
  switch (kind_) {
    case Kind::kAny: return true;
    case Kind::kStreamExists: return actual > 0;
    case Kind::kExact: return actual == version_;
  }
  return false;
}

std::string ExpectedVersion::to_string() const {
  switch (kind_) {
    case Kind::kAny: return "any version";
    case Kind::kStreamExists: return "an existing stream";
    case Kind::kExact: return version_ == 0 ? "no stream" : "version " + std::to_string(version_);
  }
  return "?";
}

Status validate_stream_name(std::string_view stream) {
  if (stream.empty() || stream.size() > 256) {
    return unexpected(Errc::kInvalidArgument, "stream names are 1 to 256 characters, not " + std::to_string(stream.size()));
  }
  for (char c : stream) {
    if (c < '!' || c > '~') {
      return unexpected(Errc::kInvalidArgument,
                        "stream name '" + std::string(stream) + "' has a character outside printable ASCII without spaces");
    }
  }
  return {};
}

namespace {
constexpr std::string_view kActualVersion = "avx.events.actual_version";
}  // namespace

std::optional<std::uint64_t> actual_version(const Error& error) {
  if (error.code() != Errc::kConflict) return std::nullopt;
  auto text = error.detail(kActualVersion);
  if (!text) return std::nullopt;
  return std::stoull(std::string(*text));
}

namespace detail {

Unexpected conflict(std::string_view stream, ExpectedVersion expected, std::uint64_t actual) {
  Unexpected e = unexpected(Errc::kConflict, "stream '" + std::string(stream) + "' is at version " +
                                                 std::to_string(actual) + ", expected " + expected.to_string());
  e.error.with_detail(kActualVersion, std::to_string(actual));
  return e;
}

Status validate_append(std::string_view stream, std::span<const EventData> events, std::size_t max_payload_bytes) {
  if (auto valid = validate_stream_name(stream); !valid) return valid;
  std::set<EventId> ids;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const EventData& e = events[i];
    std::string which = "event " + std::to_string(i) + " of the batch";
    if (e.event_id.is_nil()) return unexpected(Errc::kInvalidArgument, which + " has no event id");
    if (e.type.empty()) return unexpected(Errc::kInvalidArgument, which + " has no type");
    if (e.payload.size() > max_payload_bytes) {
      return unexpected(Errc::kInvalidArgument, which + " (" + e.type + ") has a payload of " +
                                                    std::to_string(e.payload.size()) + " bytes, above the store's limit of " +
                                                    std::to_string(max_payload_bytes));
    }
    if (auto type = check_metadata_text("type", e.type); !type) {
      return unexpected(Errc::kInvalidArgument, which + ": " + type.error().message());
    }
    for (auto [what, value] : {std::pair<const char*, const std::string*>{"correlation id", &e.correlation_id},
                               {"causation id", &e.causation_id}}) {
      if (auto text = check_metadata_text(what, *value); !text) {
        return unexpected(Errc::kInvalidArgument, which + " (" + e.type + "): " + text.error().message());
      }
    }
    if (auto origin = check_origin(e.origin); !origin) {
      return unexpected(Errc::kInvalidArgument, which + " (" + e.type + "): " + origin.error().message());
    }
    if (!ids.insert(e.event_id).second) {
      return unexpected(Errc::kInvalidArgument, which + " repeats event id " + e.event_id.to_string());
    }
  }
  return {};
}

Status read_stored_headers(std::string_view json, std::uint64_t position, Headers& out) {
  auto headers = headers_from_json(json);
  if (!headers) {
    return unexpected(Errc::kInvalidArgument, "the event at position " + std::to_string(position) +
                                                  " has unreadable headers: " + headers.error().message());
  }
  out = std::move(*headers);
  return {};
}

Status validate_snapshot(const Snapshot& snapshot, std::size_t max_payload_bytes) {
  if (auto valid = validate_stream_name(snapshot.stream); !valid) return valid;
  if (snapshot.payload.size() > max_payload_bytes) {
    return unexpected(Errc::kInvalidArgument, "the snapshot of '" + snapshot.stream + "' has a payload of " +
                                                  std::to_string(snapshot.payload.size()) +
                                                  " bytes, above the store's limit of " + std::to_string(max_payload_bytes));
  }
  return {};
}

std::optional<Result<AppendResult>> check_retry(std::string_view stream, ExpectedVersion expected,
                                                std::span<const EventData> events, const FindById& find) {
  if (events.empty()) return std::nullopt;
  std::optional<StoredAt> first = find(events[0].event_id);
  if (!first) return std::nullopt;
  AppendResult original{first->version, first->position};
  for (std::size_t i = 0; i < events.size(); ++i) {
    auto at = find(events[i].event_id);
    if (!at || at->stream != stream || at->version != first->version + i) {
      return unexpected(Errc::kConflict, "event ids of this batch are already stored, but not as this batch in '" +
                                             std::string(stream) + "' (first at '" + first->stream + "' version " +
                                             std::to_string(first->version) + ")");
    }
    original = {at->version, at->position};
  }
  if (!expected.allows(first->version - 1)) return conflict(stream, expected, first->version - 1);
  return Result<AppendResult>(original);
}

std::optional<Unexpected> stored_elsewhere(std::span<const EventData> events, const FindById& find,
                                           std::size_t first) {
  for (std::size_t i = first; i < events.size(); ++i) {
    if (auto at = find(events[i].event_id)) {
      return unexpected(Errc::kConflict, "event " + std::to_string(i) + " of the batch: event id " +
                                             events[i].event_id.to_string() + " is already stored in stream '" +
                                             at->stream + "' at version " + std::to_string(at->version));
    }
  }
  return std::nullopt;
}

}  // namespace detail
}  // namespace avx::events
