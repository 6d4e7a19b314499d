// Dead letters in the SQLite event store file: one row per letter, with the event as stored.

#include <filesystem>
#include <mutex>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "avx/events/sqlite.h"
#include "runtime/sqlite/internal/sqlite_schema.h"

namespace avx::events {
namespace {

constexpr const char* kTable = R"sql(
  CREATE TABLE IF NOT EXISTS dead_letters (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription    TEXT    NOT NULL,
    sequence        TEXT    NOT NULL,
    state           INTEGER NOT NULL,
    attempts        INTEGER NOT NULL,
    error           TEXT    NOT NULL,
    first_failed_at INTEGER NOT NULL,
    last_failed_at  INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    stream          TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    event_id        BLOB    NOT NULL,
    type            TEXT    NOT NULL,
    schema_version  INTEGER NOT NULL,
    timestamp       INTEGER NOT NULL,
    correlation_id  TEXT    NOT NULL,
    causation_id    TEXT    NOT NULL,
    user_id         TEXT    NOT NULL DEFAULT '',
    source          TEXT    NOT NULL DEFAULT '',
    headers         TEXT    NOT NULL DEFAULT '{}',
    payload         BLOB    NOT NULL
  );
  CREATE INDEX IF NOT EXISTS dead_letters_by_sequence ON dead_letters (subscription, sequence, id);
)sql";

// The letter's own columns, then the event's (detail::kEventColumns) from column 9.
const std::string kColumns = std::string("id, subscription, sequence, state, attempts, error, first_failed_at, "
                                         "last_failed_at, next_attempt_at, ") +
                             detail::kEventColumns;

// The state column: 0 retrying, 1 parked, 2 queued (the SQL below relies on these numbers).
int state_code(LetterState s) { return s == LetterState::kParked ? 1 : s == LetterState::kQueued ? 2 : 0; }
LetterState state_of(int code) {
  return code == 1 ? LetterState::kParked : code == 2 ? LetterState::kQueued : LetterState::kRetrying;
}

// Headers that are not what a writer stores throw, as a failed read does.
DeadLetter read_letter(SQLite::Statement& q) {
  DeadLetter l;
  l.id = static_cast<std::uint64_t>(q.getColumn(0).getInt64());
  l.subscription = q.getColumn(1).getString();
  l.sequence = q.getColumn(2).getString();
  l.state = state_of(q.getColumn(3).getInt());
  l.attempts = static_cast<std::uint32_t>(q.getColumn(4).getInt64());
  l.error = q.getColumn(5).getString();
  l.first_failed_at = timestamp_from_nanos(q.getColumn(6).getInt64());
  l.last_failed_at = timestamp_from_nanos(q.getColumn(7).getInt64());
  l.next_attempt_at = timestamp_from_nanos(q.getColumn(8).getInt64());
  if (auto read = detail::read_event(detail::StatementRow(q), 9, l.event); !read) {
    throw SQLite::Exception(read.error().message());
  }
  return l;
}

class SqliteDeadLetters final : public DeadLetterStore {
 public:
  explicit SqliteDeadLetters(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}

  Result<std::uint64_t> add(DeadLetter l) override {
    if (auto valid = check_letter(l); !valid) return Unexpected{valid.error()};
    return run<std::uint64_t>("dead letter not stored", [&] {
      SQLite::Statement q(*db_, std::string("INSERT INTO dead_letters (") + kColumns +
                                    ") VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      q.bind(1, l.subscription);
      q.bind(2, l.sequence);
      bind_state(q, 3, l);
      const RecordedEvent& e = l.event;
      q.bind(9, e.stream);
      q.bind(10, static_cast<std::int64_t>(e.version));
      q.bind(11, static_cast<std::int64_t>(e.position));
      auto id = detail::id_bytes(e.event_id);
      q.bind(12, static_cast<const void*>(id.data()), static_cast<int>(id.size()));
      q.bind(13, e.type);
      q.bind(14, static_cast<std::int64_t>(e.schema_version));
      q.bind(15, to_nanos(e.timestamp));
      q.bind(16, e.correlation_id);
      q.bind(17, e.causation_id);
      std::string headers_json;
      detail::bind_origin(q, 18, e.origin, headers_json);
      q.bind(21, static_cast<const void*>(e.payload.data()), static_cast<int>(e.payload.size()));
      q.exec();
      return static_cast<std::uint64_t>(db_->getLastInsertRowid());
    });
  }

  Status update(const DeadLetter& l) override {
    return run_status("dead letter not updated", [&] {
      SQLite::Statement q(*db_, "UPDATE dead_letters SET state = ?, attempts = ?, error = ?, first_failed_at = ?, "
                                "last_failed_at = ?, next_attempt_at = ? WHERE id = ?");
      bind_state(q, 1, l);
      q.bind(7, static_cast<std::int64_t>(l.id));
      if (q.exec() == 0) throw SQLite::Exception("no dead letter " + std::to_string(l.id));
    });
  }

  Status remove(std::uint64_t id) override {
    return run_status("dead letter not removed", [&] {
      SQLite::Statement q(*db_, "DELETE FROM dead_letters WHERE id = ?");
      q.bind(1, static_cast<std::int64_t>(id));
      q.exec();
    });
  }

  Result<std::optional<DeadLetter>> get(std::uint64_t id) override {
    return one(std::string("SELECT ") + kColumns + " FROM dead_letters WHERE id = ?",
               [&](SQLite::Statement& q) { q.bind(1, static_cast<std::int64_t>(id)); });
  }

  Result<std::vector<DeadLetter>> list(std::string_view subscription, std::uint64_t after_id,
                                       std::size_t max_count) override {
    return many(std::string("SELECT ") + kColumns +
                    " FROM dead_letters WHERE (? = '' OR subscription = ?) AND id > ? ORDER BY id LIMIT ?",
                [&](SQLite::Statement& q) {
                  q.bind(1, std::string(subscription));
                  q.bind(2, std::string(subscription));
                  q.bind(3, static_cast<std::int64_t>(after_id));
                  q.bind(4, static_cast<std::int64_t>(max_count));
                });
  }

  Result<std::optional<DeadLetter>> head(std::string_view subscription, std::string_view sequence) override {
    return one(std::string("SELECT ") + kColumns +
                   " FROM dead_letters WHERE subscription = ? AND sequence = ? ORDER BY id LIMIT 1",
               [&](SQLite::Statement& q) {
                 q.bind(1, std::string(subscription));
                 q.bind(2, std::string(sequence));
               });
  }

  Result<std::vector<DeadLetter>> due(std::string_view subscription, Timestamp now, std::size_t max_count) override {
    return many(std::string("SELECT ") + kColumns +
                    " FROM dead_letters WHERE subscription = ? AND state = 0 AND next_attempt_at <= ? ORDER BY id LIMIT ?",
                [&](SQLite::Statement& q) {
                  q.bind(1, std::string(subscription));
                  q.bind(2, to_nanos(now));
                  q.bind(3, static_cast<std::int64_t>(max_count));
                });
  }

  Result<LetterCounts> counts(std::string_view subscription) override {
    return run<LetterCounts>("dead letters not counted", [&] {
      SQLite::Statement q(*db_, "SELECT state, count(*) FROM dead_letters WHERE (? = '' OR subscription = ?) GROUP BY state");
      q.bind(1, std::string(subscription));
      q.bind(2, std::string(subscription));
      LetterCounts c;
      while (q.executeStep()) {
        auto n = static_cast<std::uint64_t>(q.getColumn(1).getInt64());
        int state = q.getColumn(0).getInt();
        (state == 1 ? c.parked : state == 2 ? c.queued : c.retrying) = n;
      }
      return c;
    });
  }

  Result<std::uint64_t> request_replay(std::string_view subscription, std::optional<std::uint64_t> id,
                                       Timestamp now) override {
    return run<std::uint64_t>("replay not requested", [&] {
      SQLite::Statement q(*db_, "UPDATE dead_letters SET state = 0, attempts = 0, next_attempt_at = ? WHERE state = 1 "
                                "AND (? = '' OR subscription = ?) AND (? = 0 OR id = ?)");
      q.bind(1, to_nanos(now));
      q.bind(2, std::string(subscription));
      q.bind(3, std::string(subscription));
      q.bind(4, id ? 1 : 0);
      q.bind(5, static_cast<std::int64_t>(id.value_or(0)));
      return static_cast<std::uint64_t>(q.exec());
    });
  }

  // A letter that waited behind a purged head becomes its sequence's head, due at once.
  Result<std::uint64_t> purge(std::string_view subscription, std::optional<std::uint64_t> id) override {
    return run<std::uint64_t>("dead letters not purged", [&] {
      SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
      SQLite::Statement q(*db_, "DELETE FROM dead_letters WHERE (? = '' OR subscription = ?) AND (? = 0 OR id = ?)");
      q.bind(1, std::string(subscription));
      q.bind(2, std::string(subscription));
      q.bind(3, id ? 1 : 0);
      q.bind(4, static_cast<std::int64_t>(id.value_or(0)));
      auto n = static_cast<std::uint64_t>(q.exec());
      db_->exec("UPDATE dead_letters SET state = 0, next_attempt_at = 0 WHERE state = 2 AND id IN (SELECT min(id) FROM "
                "dead_letters GROUP BY subscription, sequence)");
      tx.commit();
      return n;
    });
  }

 private:
  static void bind_state(SQLite::Statement& q, int first, const DeadLetter& l) {
    q.bind(first, state_code(l.state));
    q.bind(first + 1, static_cast<std::int64_t>(l.attempts));
    q.bind(first + 2, l.error);
    q.bind(first + 3, to_nanos(l.first_failed_at));
    q.bind(first + 4, to_nanos(l.last_failed_at));
    q.bind(first + 5, to_nanos(l.next_attempt_at));
  }

  template <class T, class F>
  Result<T> run(const char* what, F&& f) {
    std::lock_guard lock(mutex_);
    try {
      return f();
    } catch (const SQLite::Exception& e) {
      return unexpected(Errc::kUnavailable, std::string(what) + ": " + e.what());
    }
  }
  template <class F>
  Status run_status(const char* what, F&& f) {
    std::lock_guard lock(mutex_);
    try {
      f();
      return {};
    } catch (const SQLite::Exception& e) {
      return unexpected(Errc::kUnavailable, std::string(what) + ": " + e.what());
    }
  }
  template <class Bind>
  Result<std::vector<DeadLetter>> many(const std::string& sql, Bind&& bind) {
    return run<std::vector<DeadLetter>>("dead letters not read", [&] {
      SQLite::Statement q(*db_, sql);
      bind(q);
      std::vector<DeadLetter> out;
      while (q.executeStep()) out.push_back(read_letter(q));
      return out;
    });
  }
  template <class Bind>
  Result<std::optional<DeadLetter>> one(const std::string& sql, Bind&& bind) {
    auto rows = many(sql, std::forward<Bind>(bind));
    if (!rows) return Unexpected{rows.error()};
    return rows->empty() ? std::optional<DeadLetter>() : std::optional<DeadLetter>(std::move(rows->front()));
  }

  std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace

Result<std::unique_ptr<DeadLetterStore>> open_sqlite_dead_letters(const std::string& path, bool read_only) {
  std::error_code ec;
  if (read_only && !std::filesystem::is_regular_file(path, ec)) {
    return unexpected(Errc::kNotFound, path + ": no such event store");
  }
  auto db = detail::open_store_file(path, read_only ? detail::read_access(path, false) : detail::Access::kWrite);
  if (!db) return Unexpected{db.error()};
  try {
    if (!read_only) {
      (*db)->exec(kTable);
    } else if ((*db)->execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'dead_letters'").getInt() == 0) {
      return unexpected(Errc::kNotFound, path + " holds no dead letters (no service kept any in it)");
    }
  } catch (const SQLite::Exception& e) {
    return unexpected(Errc::kUnavailable, "cannot open dead letters in " + path + ": " + e.what());
  }
  return std::unique_ptr<DeadLetterStore>(std::make_unique<SqliteDeadLetters>(std::move(*db)));
}

}  // namespace avx::events
