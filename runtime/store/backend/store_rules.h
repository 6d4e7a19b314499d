#pragma once

// What every EventStore backend decides the same way: valid input, expected versions, conflicts,
// and recognizing a retried append (idempotency by event id, as EventStoreDB does).

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "avx/events/store.h"

namespace avx::events::detail {

// Where an event id is already stored.
struct StoredAt {
  std::string stream;
  std::uint64_t version = 0;
  std::uint64_t position = 0;
};
using FindById = std::function<std::optional<StoredAt>(const EventId&)>;

// Checks the stream name and the batch (ids present and distinct, types named, payloads within
// `max_payload_bytes`).
Status validate_append(std::string_view stream, std::span<const EventData> events, std::size_t max_payload_bytes);

// Reads the stored headers of the event at `position` (a JSON object: headers_json.h) into `out`;
// a column no writer made (a corrupted or hostile file) is an error naming the position.
Status read_stored_headers(std::string_view json, std::uint64_t position, Headers& out);

// Checks a snapshot's stream name and payload size.
Status validate_snapshot(const Snapshot& snapshot, std::size_t max_payload_bytes);

// When the batch's first id is already stored, decides whether this is a retry of that append:
// the same ids at the same versions of the same stream, with an expectation the original satisfied.
// Returns the original's result, or a conflict; nullopt when the first id is not stored (the
// caller still refuses other ids stored elsewhere: see stored_elsewhere).
std::optional<Result<AppendResult>> check_retry(std::string_view stream, ExpectedVersion expected,
                                                std::span<const EventData> events, const FindById& find);

// A conflict naming the first event of the batch, from `first` on, whose id is already stored.
std::optional<Unexpected> stored_elsewhere(std::span<const EventData> events, const FindById& find,
                                           std::size_t first = 0);

Unexpected conflict(std::string_view stream, ExpectedVersion expected, std::uint64_t actual);

}  // namespace avx::events::detail
