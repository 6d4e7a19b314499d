#pragma once

// The PostgreSQL backend: one event store shared by many processes (a service's replicas), with
// the same semantics as the memory and SQLite stores (the same conformance suite runs on all three).
//
//   auto store = open_postgres_store("host=/run/postgresql dbname=shop");  // Result<unique_ptr<EventStore>>
//
// The conninfo is libpq's (key=value pairs or a postgresql:// URI; PG* environment variables fill
// in what it leaves out). The tables (avx_events, avx_streams, avx_head, avx_snapshots,
// avx_checkpoints, avx_dead_letters, and avx_meta with the format version) are created if absent;
// a store of another format than this build reads is refused (kFailedPrecondition). Appends take
// a row lock on the one avx_head row for their transaction, so global positions are assigned and
// committed in the same order: a reader of $all never sees position 11 before 10 commits
// (docs/postgres.md).

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "avx/events/dlq/dead_letter.h"
#include "avx/events/result.h"
#include "avx/events/store.h"

namespace avx::events {

struct PostgresStoreOptions {
  std::size_t max_payload_bytes = kDefaultMaxPayloadBytes;  // larger events and snapshots are refused
  // Look, never touch: the sessions are read-only (the server refuses writes: kFailedPrecondition),
  // no table is created, and a database without a store is kNotFound.
  bool read_only = false;
  // Connections for reads, beside the one for writes (so readers never hold up writers). With 2
  // or more, a reader paging through $all has its next page read ahead on a spare one.
  std::size_t pool_size = 2;
  // When the last group commit served several concurrent appenders, how long the writer may wait
  // for as many to queue again before committing what it has. A lone appender never waits.
  std::chrono::microseconds gather{200};
};

Result<std::unique_ptr<EventStore>> open_postgres_store(const std::string& conninfo, PostgresStoreOptions options = {});

// The dead letters kept in the same database (table avx_dead_letters, created if absent), for
// subscriptions of any of the processes that share the store.
Result<std::unique_ptr<DeadLetterStore>> open_postgres_dead_letters(const std::string& conninfo, bool read_only = false);

}  // namespace avx::events
