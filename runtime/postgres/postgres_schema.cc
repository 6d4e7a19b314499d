#include "runtime/postgres/internal/postgres_schema.h"

namespace avx::events::pg {
namespace {

// Names compare byte by byte (COLLATE "C"), as the other backends order them. avx_head holds the
// last global position; appends lock its one row for their transaction, which makes positions
// commit in order (docs/postgres.md).
constexpr const char* kSchema = R"sql(
BEGIN;
SELECT pg_advisory_xact_lock(4242016001);
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
COMMIT;
)sql";

}  // namespace

Status create_schema(Connection& connection) {
  if (auto made = connection.exec_script(kSchema); !made) {
    (void)connection.exec_script("ROLLBACK");
    return made;
  }
  return {};
}

}  // namespace avx::events::pg
