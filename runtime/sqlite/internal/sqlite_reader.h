#pragma once

// The reading half of the SQLite event store, on a read-only connection of its own: the reads of
// the read-write store (sqlite_store.cc), and all of a read-only one (open_sqlite_store_read_only).
// WAL lets these reads run beside the writer.

#include <memory>
#include <mutex>
#include <string>

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
  template <class Bind>
  Status query(std::unique_ptr<EventQuery>& prepared, const std::string& sql, EventPage& page, Bind&& bind);
  Result<std::uint64_t> scalar(const char* sql, const std::optional<std::string>& arg);

  const std::string read_stream_forward_ = std::string("SELECT ") + kEventColumns +
                                           " FROM events WHERE stream = ? AND version >= ? ORDER BY version LIMIT ?";
  const std::string read_stream_backward_ =
      std::string("SELECT ") + kEventColumns + " FROM events WHERE stream = ? AND version <= ? ORDER BY version DESC LIMIT ?";
  const std::string read_all_sql_ =
      std::string("SELECT ") + kEventColumns + " FROM events WHERE position >= ? ORDER BY position LIMIT ?";
  std::unique_ptr<SQLite::Database> read_db_;
  std::mutex read_mutex_;
  std::unique_ptr<EventQuery> forward_, backward_, all_;  // prepared on first use, under read_mutex_
  StatementCache read_statements_;
};

}  // namespace avx::events::detail
