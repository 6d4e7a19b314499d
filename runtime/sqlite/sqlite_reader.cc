#include "runtime/sqlite/internal/sqlite_reader.h"

#include <limits>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include "runtime/sqlite/internal/event_query.h"
#include "runtime/sqlite/internal/sqlite_schema.h"

namespace avx::events::detail {

template <class Bind>
Status SqliteReader::query(LazyQuery& lazy, EventPage& page, Bind&& bind) {
  std::lock_guard lock(read_mutex_);
  try {
    if (!lazy.prepared) lazy.prepared = std::make_unique<EventQuery>(read_db_->getHandle(), lazy.sql);
  } catch (const SQLite::Exception& e) {
    return unexpected(Errc::kUnavailable, std::string("event store read failed: ") + e.what());
  }
  EventQuery& q = *lazy.prepared;
  bind(q);
  Status status;
  while (status) {
    Result<bool> row = q.step();
    if (!row) status = Unexpected{row.error()};
    if (!row || !*row) break;
    status = detail::read_event(q, 0, page.next_slot());
  }
  q.reset();
  if (!status) page.clear();
  return status;
}

Result<std::uint64_t> SqliteReader::scalar(const char* sql, const std::optional<std::string>& arg) {
  std::lock_guard lock(read_mutex_);
  try {
    Lease q = read_statements_.get(sql);
    if (arg) q->bind(1, *arg);
    q->executeStep();
    return static_cast<std::uint64_t>(q->getColumn(0).getInt64());
  } catch (const SQLite::Exception& e) {
    return unexpected(Errc::kUnavailable, std::string("event store read failed: ") + e.what());
  }
}

Status SqliteReader::read_stream_into(std::string_view stream, std::uint64_t from, std::size_t max_count,
                                      Direction direction, EventPage& page) {
  page.clear();
  if (auto valid = validate_stream_name(stream); !valid) return valid;
  const bool forward = direction == Direction::kForward;
  const std::uint64_t bound = !forward && from == 0 ? std::numeric_limits<std::int64_t>::max() : from;
  return query(forward ? forward_ : backward_, page, [&](EventQuery& q) {
    q.bind(1, stream);
    q.bind(2, static_cast<std::int64_t>(bound));
    q.bind(3, static_cast<std::int64_t>(max_count));
  });
}

Status SqliteReader::read_all_into(std::uint64_t from, std::size_t max_count, EventPage& page) {
  page.clear();
  return query(all_, page, [&](EventQuery& q) {
    q.bind(1, static_cast<std::int64_t>(from));
    q.bind(2, static_cast<std::int64_t>(max_count));
  });
}

Result<std::uint64_t> SqliteReader::stream_version(std::string_view stream) {
  if (auto valid = validate_stream_name(stream); !valid) return Unexpected{valid.error()};
  return scalar("SELECT coalesce(max(version), 0) FROM events WHERE stream = ?", std::string(stream));
}

Result<std::uint64_t> SqliteReader::head_position() {
  return scalar("SELECT coalesce(max(position), 0) FROM events", {});
}

Result<std::vector<EventStore::StreamInfo>> SqliteReader::streams(std::string_view after, std::size_t max_count) {
  std::lock_guard lock(read_mutex_);
  try {
    Lease q = read_statements_.get(
        "SELECT stream, max(version) FROM events WHERE stream > ? GROUP BY stream ORDER BY stream LIMIT ?");
    q->bind(1, std::string(after));
    q->bind(2, static_cast<std::int64_t>(max_count));
    std::vector<StreamInfo> out;
    while (q->executeStep()) {
      out.push_back({q->getColumn(0).getString(), static_cast<std::uint64_t>(q->getColumn(1).getInt64())});
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return unexpected(Errc::kUnavailable, std::string("event store read failed: ") + e.what());
  }
}


Result<std::optional<Snapshot>> SqliteReader::load_snapshot(std::string_view stream) {
  if (auto valid = validate_stream_name(stream); !valid) return Unexpected{valid.error()};
  std::lock_guard lock(read_mutex_);
  try {
    SQLite::Statement q(*read_db_, "SELECT version, type, schema_version, payload, taken_at FROM snapshots WHERE stream = ?");
    q.bind(1, std::string(stream));
    if (!q.executeStep()) return std::optional<Snapshot>();
    Snapshot s;
    s.stream = std::string(stream);
    s.version = static_cast<std::uint64_t>(q.getColumn(0).getInt64());
    s.type = q.getColumn(1).getString();
    s.schema_version = static_cast<std::uint32_t>(q.getColumn(2).getInt64());
    if (int size = q.getColumn(3).getBytes(); size > 0) {
      s.payload.assign(static_cast<const char*>(q.getColumn(3).getBlob()), static_cast<std::size_t>(size));
    }
    s.taken_at = timestamp_from_nanos(q.getColumn(4).getInt64());
    return std::optional<Snapshot>(std::move(s));
  } catch (const SQLite::Exception& e) {
    return unexpected(Errc::kUnavailable, std::string("snapshot not read: ") + e.what());
  }
}

Result<std::uint64_t> SqliteReader::load_checkpoint(std::string_view name) {
  std::lock_guard lock(read_mutex_);
  try {
    // A file written before checkpoints existed, opened read-only, has no such table: none saved.
    SQLite::Statement exists(*read_db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'checkpoints'");
    if (!exists.executeStep()) return 0;
    SQLite::Statement q(*read_db_, "SELECT position FROM checkpoints WHERE name = ?");
    q.bind(1, std::string(name));
    if (!q.executeStep()) return 0;
    return static_cast<std::uint64_t>(q.getColumn(0).getInt64());
  } catch (const SQLite::Exception& e) {
    return unexpected(Errc::kUnavailable, std::string("checkpoint not read: ") + e.what());
  }
}

}  // namespace avx::events::detail
