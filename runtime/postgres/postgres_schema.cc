#include "runtime/postgres/internal/postgres_schema.h"

#include "runtime/store/backend/store_rules.h"

namespace avx::events::pg {
namespace {

// Names compare byte by byte (COLLATE "C"), as the other backends order them. avx_head holds the
// last global position; appends lock its one row for their transaction, which makes positions
// commit in order (docs/postgres.md).
constexpr const char* kSchema = R"sql(
BEGIN;
SET LOCAL client_min_messages = warning;  -- no NOTICE for each table and column that exists
SELECT pg_advisory_xact_lock(4242016001);
CREATE TABLE IF NOT EXISTS avx_meta (
  key text PRIMARY KEY,
  value bigint NOT NULL
);
INSERT INTO avx_meta VALUES ('format_version', 2) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS avx_events (
  position bigint PRIMARY KEY,
  stream text COLLATE "C" NOT NULL,
  version bigint NOT NULL,
  event_id text NOT NULL UNIQUE,
  type text NOT NULL,
  schema_version integer NOT NULL,
  timestamp_ns bigint NOT NULL,
  correlation_id text NOT NULL,
  causation_id text NOT NULL,
  payload bytea NOT NULL,
  user_id text NOT NULL DEFAULT '',
  source text NOT NULL DEFAULT '',
  headers text NOT NULL DEFAULT '{}',
  UNIQUE (stream, version)
);
CREATE TABLE IF NOT EXISTS avx_streams (
  name text COLLATE "C" PRIMARY KEY,
  version bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS avx_head (
  id integer PRIMARY KEY CHECK (id = 1),
  position bigint NOT NULL
);
INSERT INTO avx_head VALUES (1, 0) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS avx_snapshots (
  stream text COLLATE "C" PRIMARY KEY,
  version bigint NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL,
  payload bytea NOT NULL,
  taken_at_ns bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS avx_checkpoints (
  name text PRIMARY KEY,
  position bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS avx_dead_letters (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscription text NOT NULL,
  sequence text NOT NULL,
  state integer NOT NULL,
  attempts bigint NOT NULL,
  error text NOT NULL,
  first_failed_at_ns bigint NOT NULL,
  last_failed_at_ns bigint NOT NULL,
  next_attempt_at_ns bigint NOT NULL,
  stream text NOT NULL,
  version bigint NOT NULL,
  position bigint NOT NULL,
  event_id text NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL,
  timestamp_ns bigint NOT NULL,
  correlation_id text NOT NULL,
  causation_id text NOT NULL,
  payload bytea NOT NULL,
  user_id text NOT NULL DEFAULT '',
  source text NOT NULL DEFAULT '',
  headers text NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS avx_dead_letters_by_sequence ON avx_dead_letters (subscription, sequence, id);
-- Format 1 -> 2: the origin columns, empty for the events stored before them (a constant default
-- rewrites no row).
ALTER TABLE avx_events ADD COLUMN IF NOT EXISTS user_id text NOT NULL DEFAULT '';
ALTER TABLE avx_events ADD COLUMN IF NOT EXISTS source text NOT NULL DEFAULT '';
ALTER TABLE avx_events ADD COLUMN IF NOT EXISTS headers text NOT NULL DEFAULT '{}';
ALTER TABLE avx_dead_letters ADD COLUMN IF NOT EXISTS user_id text NOT NULL DEFAULT '';
ALTER TABLE avx_dead_letters ADD COLUMN IF NOT EXISTS source text NOT NULL DEFAULT '';
ALTER TABLE avx_dead_letters ADD COLUMN IF NOT EXISTS headers text NOT NULL DEFAULT '{}';
UPDATE avx_meta SET value = 2 WHERE key = 'format_version' AND value = 1;
COMMIT;
)sql";

}  // namespace

Status prepare_schema(Connection& connection, bool read_only) {
  if (!read_only) {
    if (auto made = connection.exec_script(kSchema); !made) {
      (void)connection.exec_script("ROLLBACK");
      return made;
    }
  }
  auto meta = connection.exec("SELECT to_regclass('avx_meta') IS NOT NULL");
  if (!meta) return Unexpected{meta.error()};
  if (meta->bytes(0, 0) != std::string_view("\x01", 1)) {
    return unexpected(Errc::kNotFound, "no avx-events store in this database (no table avx_meta)");
  }
  auto format = connection.exec("SELECT value FROM avx_meta WHERE key = 'format_version'");
  if (!format) return Unexpected{format.error()};
  const std::int64_t found = format->size() == 0 ? 0 : format->int8(0, 0);
  if (found != kStoreFormatVersion) {
    return unexpected(Errc::kFailedPrecondition,
                      "this PostgreSQL store has format " + std::to_string(found) + "; this build reads format " +
                          std::to_string(kStoreFormatVersion) +
                          (found > kStoreFormatVersion ? ": upgrade avx-events"
                                                       : " (a process that opens it for writing upgrades it)"));
  }
  return {};
}

Status read_event(const Rows& rows, int i, int first, RecordedEvent& e) {
  e.stream.assign(rows.bytes(i, first));
  e.version = static_cast<std::uint64_t>(rows.int8(i, first + 1));
  e.position = static_cast<std::uint64_t>(rows.int8(i, first + 2));
  e.event_id = EventId::parse(rows.bytes(i, first + 3)).value_or(EventId());
  e.type.assign(rows.bytes(i, first + 4));
  e.schema_version = static_cast<std::uint32_t>(rows.int4(i, first + 5));
  e.timestamp = timestamp_from_nanos(rows.int8(i, first + 6));
  e.correlation_id.assign(rows.bytes(i, first + 7));
  e.causation_id.assign(rows.bytes(i, first + 8));
  e.payload.assign(rows.bytes(i, first + 9));
  e.origin.user_id.assign(rows.bytes(i, first + 10));
  e.origin.source.assign(rows.bytes(i, first + 11));
  return detail::read_stored_headers(rows.bytes(i, first + 12), e.position, e.origin.headers);
}

}  // namespace avx::events::pg
