#pragma once

// The reading half of the SQLite event store, on a read-only connection of its own: the reads of
// the read-write store (sqlite_store.cc), and all of a read-only one (open_sqlite_store_read_only).
// WAL lets these reads run beside the writer.

#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include <SQLiteCpp/Database.h>

#include "avx/events/store.h"
#include "runtime/sqlite/internal/event_query.h"
#include "runtime/sqlite/internal/sqlite_schema.h"
#include "runtime/sqlite/internal/statement_cache.h"

namespace avx::events::detail {

class SqliteReader : public EventStore {
 public:
  explicit SqliteReader(std::unique_ptr<SQLite::Database> reader)
      : read_db_(std::move(reader)), read_statements_(*read_db_) {}

  Status read_stream_into(std::string_view stream, std::uint64_t from, std::size_t max_count, Direction direction,
                          EventPage& page) override;
  Status read_all_into(std::uint64_t from, std::size_t max_count, EventPage& page) override;
  Result<std::uint64_t> stream_version(std::string_view stream) override;
  Result<std::uint64_t> head_position() override;
  Result<std::vector<StreamInfo>> streams(std::string_view after, std::size_t max_count) override;
  Result<std::optional<Snapshot>> load_snapshot(std::string_view stream) override;
  Result<std::uint64_t> load_checkpoint(std::string_view name) override;

 private:
  // An event read's SQL and its statement, prepared on first use (under read_mutex_).
  struct LazyQuery {
    explicit LazyQuery(std::string text) : sql(std::move(text)) {}
    const std::string sql;
    std::unique_ptr<EventQuery> prepared;
  };

  template <class Bind>
  Status query(LazyQuery& lazy, EventPage& page, Bind&& bind);
  Result<std::uint64_t> scalar(const char* sql, const std::optional<std::string>& arg);

  std::unique_ptr<SQLite::Database> read_db_;
  std::mutex read_mutex_;
  // After read_db_: a connection closes only once its statements are finalized.
  LazyQuery forward_{std::string("SELECT ") + kEventColumns +
                     " FROM events WHERE stream = ? AND version >= ? ORDER BY version LIMIT ?"};
  LazyQuery backward_{std::string("SELECT ") + kEventColumns +
                      " FROM events WHERE stream = ? AND version <= ? ORDER BY version DESC LIMIT ?"};
  LazyQuery all_{std::string("SELECT ") + kEventColumns + " FROM events WHERE position >= ? ORDER BY position LIMIT ?"};
  StatementCache read_statements_;
};

}  // namespace avx::events::detail
