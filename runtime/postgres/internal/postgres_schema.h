#pragma once

// The tables of a PostgreSQL event store, created if absent (under an advisory lock, so that
// several processes opening a new database at once do not race each other).

#include <cstdint>

#include "avx/events/result.h"
#include "avx/events/store.h"
#include "runtime/postgres/internal/pg.h"

namespace avx::events::pg {

// The format of the tables, kept in avx_meta: a store written by a newer build (a higher
// format) is refused rather than misread.
// 2 added the origin columns (user_id, source, headers); a writer upgrades format 1 in place.
inline constexpr std::int64_t kStoreFormatVersion = 2;

// Creates the tables if absent (unless read_only), then checks the store's format.
Status prepare_schema(Connection& connection, bool read_only);

// The columns a read returns, in RecordedEvent's order (see read_event).
inline constexpr const char* kEventColumns =
    "stream, version, position, event_id, type, schema_version, timestamp_ns, correlation_id, causation_id, payload, "
    "user_id, source, headers";

// Row `i`'s kEventColumns, from column `first` on, into `e`. Event ids were written by us: one that
// does not parse stays nil. Headers that are not what a writer stores are an error.
Status read_event(const Rows& rows, int i, int first, RecordedEvent& e);

}  // namespace avx::events::pg
