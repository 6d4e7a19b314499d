#pragma once

// The tables of a PostgreSQL event store, created if absent (under an advisory lock, so that
// several processes opening a new database at once do not race each other).

#include "avx/events/result.h"
#include "runtime/postgres/internal/pg.h"

namespace avx::events::pg {

Status create_schema(Connection& connection);

// The columns a read returns, in RecordedEvent's order (see read_event).
inline constexpr const char* kEventColumns =
    "stream, version, position, event_id, type, schema_version, timestamp_ns, correlation_id, causation_id, payload";

}  // namespace avx::events::pg
