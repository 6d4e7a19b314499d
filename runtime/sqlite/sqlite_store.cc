#include <chrono>
// The SQLite EventStore. One writer thread owns the write connection and folds every append waiting
// at that moment into one transaction (group commit), each append in its own savepoint so that a
// conflict rolls back only itself: many small concurrent appends share one fsync. Reads go through
// SqliteReader on a connection of their own; WAL lets them run beside the writer. The read-only
// store (open_sqlite_store_read_only) is that reader alone.

#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <thread>

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "avx/events/sqlite.h"
#include "runtime/store/backend/commit_listeners.h"
#include "runtime/sqlite/internal/sqlite_reader.h"
#include "runtime/sqlite/internal/sqlite_schema.h"
#include "runtime/sqlite/internal/statement_cache.h"
#include "runtime/store/backend/store_rules.h"

namespace avx::events {
namespace {

using detail::Lease;
using detail::StatementCache;

using detail::kEventColumns;

class SqliteStore final : public detail::SqliteReader {
 public:
  SqliteStore(std::unique_ptr<SQLite::Database> writer, std::unique_ptr<SQLite::Database> reader,
              std::unique_ptr<SQLite::Database> snapshots, SqliteStoreOptions options)
      : SqliteReader(std::move(reader)),
        write_db_(std::move(writer)),
        snapshot_db_(std::move(snapshots)),
        options_(options),
        thread_([this] { run(); }) {}

  ~SqliteStore() override {
    {
      std::lock_guard lock(queue_mutex_);
      stopping_ = true;
    }
    queue_cv_.notify_all();
    thread_.join();
  }

  Result<AppendResult> append(std::string_view stream, ExpectedVersion expected,
                              std::span<const EventData> events) override {
    if (auto valid = detail::validate_append(stream, events, options_.max_payload_bytes); !valid) {
      return Unexpected{valid.error()};
    }
    Request request{std::string(stream), expected, events, {}};
    {
      std::lock_guard lock(queue_mutex_);
      queue_.push_back(&request);
    }
    queue_cv_.notify_one();
    std::unique_lock lock(done_mutex_);
    done_cv_.wait(lock, [&] { return request.result.has_value(); });
    return std::move(*request.result);
  }

  // Snapshots are not events: written on a connection of their own, beside the event writer.
  Status save_snapshot(const Snapshot& snapshot) override {
    if (auto valid = detail::validate_snapshot(snapshot, options_.max_payload_bytes); !valid) return valid;
    std::lock_guard lock(snapshot_mutex_);
    try {
      SQLite::Statement q(*snapshot_db_,
                          "INSERT INTO snapshots VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (stream) DO UPDATE SET "
                          "version = excluded.version, type = excluded.type, schema_version = excluded.schema_version, "
                          "payload = excluded.payload, taken_at = excluded.taken_at WHERE excluded.version >= version");
      q.bind(1, snapshot.stream);
      q.bind(2, static_cast<std::int64_t>(snapshot.version));
      q.bind(3, snapshot.type);
      q.bind(4, static_cast<std::int64_t>(snapshot.schema_version));
      q.bind(5, snapshot.payload.data(), static_cast<int>(snapshot.payload.size()));
      q.bind(6, to_nanos(snapshot.taken_at == Timestamp{} ? now() : snapshot.taken_at));
      q.exec();
      return {};
    } catch (const SQLite::Exception& e) {
      return unexpected(Errc::kUnavailable, std::string("snapshot not saved: ") + e.what());
    }
  }

  Status save_checkpoint(std::string_view name, std::uint64_t position) override {
    std::lock_guard lock(snapshot_mutex_);
    try {
      SQLite::Statement q(*snapshot_db_,
                          "INSERT INTO checkpoints VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position");
      q.bind(1, std::string(name));
      q.bind(2, static_cast<std::int64_t>(position));
      q.exec();
      return {};
    } catch (const SQLite::Exception& e) {
      return unexpected(Errc::kUnavailable, std::string("checkpoint not saved: ") + e.what());
    }
  }

  std::uint64_t add_commit_listener(CommitListener listener) override { return listeners_.add(std::move(listener)); }
  void remove_commit_listener(std::uint64_t id) override { listeners_.remove(id); }

 private:
  // Borrows the caller's events: append() waits until the writer is done with them.
  struct Request {
    std::string stream;
    ExpectedVersion expected;
    std::span<const EventData> events;
    std::optional<Result<AppendResult>> result;  // set by the writer under done_mutex_
  };

  void run() {
    pthread_setname_np(pthread_self(), "avx-store-write");  // seen in top, perf and gdb
    while (true) {
      std::vector<Request*> batch;
      {
        std::unique_lock lock(queue_mutex_);
        queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left to write
        // PostgreSQL's commit_delay, adaptive: when the last batch came from several appenders,
        // give them a moment to queue again, so one fsync serves them all. A lone appender never
        // waits.
        const std::size_t expect = std::min(last_batch_, options_.max_batch);
        if (expect > 1 && queue_.size() < expect) {
          queue_cv_.wait_for(lock, options_.gather, [&] { return stopping_ || queue_.size() >= expect; });
        }
        while (!queue_.empty() && batch.size() < options_.max_batch) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      last_batch_ = batch.size();
      write_batch(batch);
    }
  }

  // Runs a statement that takes no parameters and returns no rows, prepared once.
  void exec(const char* sql) {
    Lease q = write_statements_.get(sql);
    q->exec();
  }

  void write_batch(const std::vector<Request*>& batch) {
    std::vector<std::optional<Result<AppendResult>>> results(batch.size());
    committed_.clear();
    missed_ = false;
    try {
      SQLite::Transaction tx(*write_db_, SQLite::TransactionBehavior::IMMEDIATE);
      // The transaction holds the write lock: the head moves only by what this batch appends.
      std::uint64_t head = 0;
      {
        Lease max_position = write_statements_.get("SELECT coalesce(max(position), 0) FROM events");
        max_position->executeStep();
        head = static_cast<std::uint64_t>(max_position->getColumn(0).getInt64());
      }
      for (std::size_t i = 0; i < batch.size(); ++i) {
        exec("SAVEPOINT avx_append");  // each append fails alone
        std::size_t committed_before = committed_.size();
        results[i] = apply(*batch[i], head);
        if (*results[i]) {
          head = std::max(head, (*results[i])->last_position);
        } else {
          exec("ROLLBACK TO avx_append");
          committed_.resize(committed_before);
        }
        exec("RELEASE avx_append");
      }
      tx.commit();
      listeners_.notify(committed_, missed_);
    } catch (const SQLite::Exception& e) {
      // The transaction rolled back: nothing of this batch is stored.
      for (auto& r : results) r = unexpected(Errc::kUnavailable, std::string("append not stored: ") + e.what());
    }
    {
      std::lock_guard lock(done_mutex_);
      for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->result = std::move(*results[i]);
    }
    done_cv_.notify_all();  // one wake-up call for the whole batch
  }

  // Inside the writer's transaction.
  Result<AppendResult> apply(const Request& r, std::uint64_t head) {
    auto find = [&](const EventId& id) -> std::optional<detail::StoredAt> {
      Lease q = write_statements_.get("SELECT stream, version, position FROM events WHERE event_id = ?");
      auto bytes = detail::id_bytes(id);
      q->bind(1, bytes.data(), static_cast<int>(bytes.size()));
      if (!q->executeStep()) return std::nullopt;
      return detail::StoredAt{q->getColumn(0).getString(), static_cast<std::uint64_t>(q->getColumn(1).getInt64()),
                              static_cast<std::uint64_t>(q->getColumn(2).getInt64())};
    };
    if (auto retry = detail::check_retry(r.stream, r.expected, r.events, find)) return *retry;
    std::uint64_t actual = 0;
    {
      Lease version = write_statements_.get("SELECT coalesce(max(version), 0) FROM events WHERE stream = ?");
      version->bindNoCopy(1, r.stream);
      version->executeStep();
      actual = static_cast<std::uint64_t>(version->getColumn(0).getInt64());
    }
    if (!r.expected.allows(actual)) return detail::conflict(r.stream, r.expected, actual);
    Lease insert =
        write_statements_.get(std::string("INSERT INTO events (") + kEventColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    std::string headers_json;
    AppendResult result{actual, head};
    // The bound texts and blobs live until exec(): SQLite need not copy them.
    for (std::size_t i = 0; i < r.events.size(); ++i) {
      const EventData& e = r.events[i];
      const auto id = detail::id_bytes(e.event_id);
      const Timestamp timestamp = e.timestamp == Timestamp{} ? now() : e.timestamp;
      insert->bindNoCopy(1, r.stream);
      insert->bind(2, static_cast<std::int64_t>(++result.version));
      insert->bind(3, static_cast<std::int64_t>(++result.last_position));
      insert->bindNoCopy(4, static_cast<const void*>(id.data()), static_cast<int>(id.size()));
      insert->bindNoCopy(5, e.type);
      insert->bind(6, static_cast<std::int64_t>(e.schema_version));
      insert->bind(7, to_nanos(timestamp));
      insert->bindNoCopy(8, e.correlation_id);
      insert->bindNoCopy(9, e.causation_id);
      detail::bind_origin(*insert, 10, e.origin, headers_json);
      insert->bindNoCopy(13, static_cast<const void*>(e.payload.data()), static_cast<int>(e.payload.size()));
      try {
        insert->exec();
      } catch (const SQLite::Exception& ex) {
        // The UNIQUE index on event_id refuses ids stored elsewhere without a lookup per event.
        if (ex.getExtendedErrorCode() != SQLITE_CONSTRAINT_UNIQUE) throw;
        // Events before i were inserted by this batch: the one refused is i.
        if (auto elsewhere = detail::stored_elsewhere(r.events, find, i)) return *elsewhere;
        throw;
      }
      insert->reset();
      if (listeners_.empty()) {
        missed_ = true;  // a listener added before the commit must still hear of it
      } else {
        committed_.push_back(RecordedEvent{r.stream, result.version, result.last_position, e.event_id, e.type,
                                           e.schema_version, timestamp,
                                           e.correlation_id, e.causation_id, e.origin, e.payload});
      }
    }
    return result;
  }

  detail::CommitListeners listeners_;
  std::vector<RecordedEvent> committed_;        // by the writer: what the current batch stored
  bool missed_ = false;                         // by the writer: committed_ lacks some of it
  std::unique_ptr<SQLite::Database> write_db_;  // only the writer thread touches it
  StatementCache write_statements_{*write_db_};
  std::unique_ptr<SQLite::Database> snapshot_db_;  // snapshots are written beside the event writer
  std::mutex snapshot_mutex_;
  SqliteStoreOptions options_;
  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<Request*> queue_;
  std::size_t last_batch_ = 0;  // by the writer: how many appends the last commit served
  std::mutex done_mutex_;  // guards Request::result
  std::condition_variable done_cv_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after everything it uses exists
};

}  // namespace

Result<std::unique_ptr<EventStore>> open_sqlite_store(const std::string& path, SqliteStoreOptions options) {
  if (options.max_batch == 0) options.max_batch = 1;
  // SQLite refuses values above SQLITE_MAX_LENGTH (1e9 bytes by default); the casts to int rely on it.
  options.max_payload_bytes = std::min<std::size_t>(options.max_payload_bytes, 1000000000);
  auto writer = detail::open_store_file(path, detail::Access::kWrite);
  if (!writer) return Unexpected{writer.error()};
  // Read-write although it only reads: the base class closes it last, and only a connection that
  // may write checkpoints the WAL and removes the -wal and -shm files when it closes.
  auto reader = detail::open_store_file(path, detail::Access::kWrite);
  if (!reader) return Unexpected{reader.error()};
  auto snapshots = detail::open_store_file(path, detail::Access::kWrite);
  if (!snapshots) return Unexpected{snapshots.error()};
  return std::unique_ptr<EventStore>(
      std::make_unique<SqliteStore>(std::move(*writer), std::move(*reader), std::move(*snapshots), options));
}

namespace {

// Reads only: what the CLI's read-only commands open.
class ReadOnlySqliteStore final : public detail::SqliteReader {
 public:
  using SqliteReader::SqliteReader;
  Result<AppendResult> append(std::string_view, ExpectedVersion, std::span<const EventData>) override {
    return refused();
  }
  Status save_snapshot(const Snapshot&) override { return refused(); }
  Status save_checkpoint(std::string_view, std::uint64_t) override { return refused(); }
  // Nothing commits through this store, so listeners are never called.
  std::uint64_t add_commit_listener(CommitListener) override { return ++next_listener_; }
  void remove_commit_listener(std::uint64_t) override {}

 private:
  static Unexpected refused() { return unexpected(Errc::kFailedPrecondition, "the event store was opened read-only"); }
  std::atomic<std::uint64_t> next_listener_{0};
};

}  // namespace

Result<std::unique_ptr<EventStore>> open_sqlite_store_read_only(const std::string& path, bool follow) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return unexpected(Errc::kNotFound, path + ": no such event store");
  }
  auto reader = detail::open_store_file(path, detail::read_access(path, follow));
  if (!reader) return Unexpected{reader.error()};
  return std::unique_ptr<EventStore>(std::make_unique<ReadOnlySqliteStore>(std::move(*reader)));
}

}  // namespace avx::events
