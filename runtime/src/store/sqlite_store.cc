#include <chrono>
// The SQLite EventStore. One writer thread owns the write connection and folds every append waiting
// at that moment into one transaction (group commit), each append in its own savepoint so that a
// conflict rolls back only itself: many small concurrent appends share one fsync. Reads use a
// separate read-only connection; WAL lets them run beside the writer.

#include <pthread.h>

#include <condition_variable>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <thread>

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "runtime/src/store/commit_listeners.h"
#include "runtime/src/store/sqlite_schema.h"
#include "runtime/src/store/statement_cache.h"
#include "runtime/src/store/store_rules.h"

namespace avx::events {
namespace {

using detail::Lease;
using detail::StatementCache;

using detail::kEventColumns;

class SqliteStore final : public EventStore {
 public:
  SqliteStore(std::unique_ptr<SQLite::Database> writer, std::unique_ptr<SQLite::Database> reader,
              std::unique_ptr<SQLite::Database> snapshots, SqliteStoreOptions options)
      : write_db_(std::move(writer)),
        read_db_(std::move(reader)),
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

  Status read_stream_into(std::string_view stream, std::uint64_t from, std::size_t max_count, Direction direction,
                          EventPage& page) override {
    page.clear();
    if (auto valid = validate_stream_name(stream); !valid) return valid;
    const bool forward = direction == Direction::kForward;
    const std::uint64_t bound = !forward && from == 0 ? std::numeric_limits<std::int64_t>::max() : from;
    return query(forward ? read_stream_forward_ : read_stream_backward_, page, [&](SQLite::Statement& q) {
      q.bind(1, std::string(stream));
      q.bind(2, static_cast<std::int64_t>(bound));
      q.bind(3, static_cast<std::int64_t>(max_count));
    });
  }

  Status read_all_into(std::uint64_t from, std::size_t max_count, EventPage& page) override {
    page.clear();
    return query(read_all_sql_, page, [&](SQLite::Statement& q) {
      q.bind(1, static_cast<std::int64_t>(from));
      q.bind(2, static_cast<std::int64_t>(max_count));
    });
  }

  Result<std::uint64_t> stream_version(std::string_view stream) override {
    if (auto valid = validate_stream_name(stream); !valid) return Unexpected{valid.error()};
    return scalar("SELECT coalesce(max(version), 0) FROM events WHERE stream = ?", std::string(stream));
  }

  Result<std::uint64_t> head_position() override { return scalar("SELECT coalesce(max(position), 0) FROM events", {}); }

  Result<std::vector<StreamInfo>> streams(std::string_view after, std::size_t max_count) override {
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

  Result<std::optional<Snapshot>> load_snapshot(std::string_view stream) override {
    if (auto valid = validate_stream_name(stream); !valid) return Unexpected{valid.error()};
    std::lock_guard lock(snapshot_mutex_);
    try {
      SQLite::Statement q(*snapshot_db_, "SELECT version, type, schema_version, payload, taken_at FROM snapshots WHERE stream = ?");
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

  template <class Bind>
  Status query(const std::string& sql, EventPage& page, Bind&& bind) {
    std::lock_guard lock(read_mutex_);
    try {
      Lease q = read_statements_.get(sql);
      bind(*q);
      while (q->executeStep()) detail::read_event(*q, 0, page.next_slot());
      return {};
    } catch (const SQLite::Exception& e) {
      page.clear();
      return unexpected(Errc::kUnavailable, std::string("event store read failed: ") + e.what());
    }
  }

  Result<std::uint64_t> scalar(const char* sql, const std::optional<std::string>& arg) {
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
        write_statements_.get(std::string("INSERT INTO events (") + kEventColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
      insert->bindNoCopy(10, static_cast<const void*>(e.payload.data()), static_cast<int>(e.payload.size()));
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
                                           e.correlation_id, e.causation_id, e.payload});
      }
    }
    return result;
  }

  const std::string read_stream_forward_ = std::string("SELECT ") + kEventColumns +
                                           " FROM events WHERE stream = ? AND version >= ? ORDER BY version LIMIT ?";
  const std::string read_stream_backward_ =
      std::string("SELECT ") + kEventColumns + " FROM events WHERE stream = ? AND version <= ? ORDER BY version DESC LIMIT ?";
  const std::string read_all_sql_ =
      std::string("SELECT ") + kEventColumns + " FROM events WHERE position >= ? ORDER BY position LIMIT ?";
  detail::CommitListeners listeners_;
  std::vector<RecordedEvent> committed_;        // by the writer: what the current batch stored
  bool missed_ = false;                         // by the writer: committed_ lacks some of it
  std::unique_ptr<SQLite::Database> write_db_;  // only the writer thread touches it
  std::unique_ptr<SQLite::Database> read_db_;
  StatementCache write_statements_{*write_db_};
  std::mutex read_mutex_;
  StatementCache read_statements_{*read_db_};
  std::unique_ptr<SQLite::Database> snapshot_db_;
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
  auto writer = detail::open_store_file(path, false);
  if (!writer) return Unexpected{writer.error()};
  auto reader = detail::open_store_file(path, true);
  if (!reader) return Unexpected{reader.error()};
  auto snapshots = detail::open_store_file(path, false);
  if (!snapshots) return Unexpected{snapshots.error()};
  return std::unique_ptr<EventStore>(
      std::make_unique<SqliteStore>(std::move(*writer), std::move(*reader), std::move(*snapshots), options));
}

}  // namespace avx::events
