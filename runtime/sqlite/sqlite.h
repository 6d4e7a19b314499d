#pragma once

// The SQLite backend: the durable default for one process. One file holds the event store and the
// dead letters of its subscriptions.
//
//   auto store = open_sqlite_store("shop.db");            // Result<std::unique_ptr<EventStore>>
//   auto letters = open_sqlite_dead_letters("shop.db");   // the same file

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "avx/events/dlq/dead_letter.h"
#include "avx/events/result.h"
#include "avx/events/store.h"

namespace avx::events {

struct SqliteStoreOptions {
  // How many waiting appends the single writer folds into one transaction (group commit).
  std::size_t max_batch = 256;
  // When the last commit served several concurrent appenders, how long the writer may wait for
  // as many to queue again before committing what it has. A lone appender never waits.
  std::chrono::microseconds gather{200};
  // Payloads above this are refused. At most 1 GiB, SQLite's own limit for one value (larger
  // values are clamped to it).
  std::size_t max_payload_bytes = kDefaultMaxPayloadBytes;
};
Result<std::unique_ptr<EventStore>> open_sqlite_store(const std::string& path, SqliteStoreOptions options = {});

// An existing SQLite store, for reading only (what `avx-events store` opens): it never creates the
// file or a table, and appends and snapshots fail with kFailedPrecondition. A missing or empty
// file, or one that is not an avx-events store, is an error. Without `follow`, and when nobody is
// writing the store (no -wal file), no file at all is created. With `follow`, appends made later
// by other processes become visible; SQLite then keeps its -wal and -shm files beside the store.
Result<std::unique_ptr<EventStore>> open_sqlite_store_read_only(const std::string& path, bool follow = false);

// The dead letters kept in an SQLite event store file (created if absent). `read_only`: an existing
// store file whose letters are only looked at (avx-events dlq list, show): nothing is created, and
// changes fail.
Result<std::unique_ptr<DeadLetterStore>> open_sqlite_dead_letters(const std::string& path, bool read_only = false);

}  // namespace avx::events
