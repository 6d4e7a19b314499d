// Dead letters in the PostgreSQL event store's database: one row per letter, with the event as
// stored. The same statements as the SQLite backend's, with PostgreSQL's parameters.

#include <mutex>

#include "avx/events/headers_json.h"
#include "avx/events/postgres.h"
#include "runtime/postgres/internal/pg.h"
#include "runtime/postgres/internal/postgres_schema.h"

namespace avx::events {
namespace {

using pg::bytes;
using pg::natural;
using pg::number;
using pg::text;

// The letter's own columns, then the event's (pg::kEventColumns) from column 9.
const std::string kColumns = std::string("id, subscription, sequence, state, attempts, error, first_failed_at_ns, "
                                         "last_failed_at_ns, next_attempt_at_ns, ") +
                             pg::kEventColumns;

// The state column: 0 retrying, 1 parked, 2 queued (the SQL below relies on these numbers).
int state_code(LetterState s) { return s == LetterState::kParked ? 1 : s == LetterState::kQueued ? 2 : 0; }
LetterState state_of(std::int64_t code) {
  return code == 1 ? LetterState::kParked : code == 2 ? LetterState::kQueued : LetterState::kRetrying;
}

Result<DeadLetter> read_letter(const pg::Rows& rows, int i) {
  DeadLetter l;
  l.id = static_cast<std::uint64_t>(rows.int8(i, 0));
  l.subscription.assign(rows.bytes(i, 1));
  l.sequence.assign(rows.bytes(i, 2));
  l.state = state_of(rows.int4(i, 3));
  l.attempts = static_cast<std::uint32_t>(rows.int8(i, 4));
  l.error.assign(rows.bytes(i, 5));
  l.first_failed_at = timestamp_from_nanos(rows.int8(i, 6));
  l.last_failed_at = timestamp_from_nanos(rows.int8(i, 7));
  l.next_attempt_at = timestamp_from_nanos(rows.int8(i, 8));
  if (auto read = pg::read_event(rows, i, 9, l.event); !read) return Unexpected{read.error()};
  return l;
}

// The letter's state columns, in the order of kColumns (state .. next_attempt_at_ns).
std::vector<pg::Param> state_params(const DeadLetter& l) {
  return {number(state_code(l.state)), number(l.attempts), text(l.error), number(to_nanos(l.first_failed_at)),
          number(to_nanos(l.last_failed_at)), number(to_nanos(l.next_attempt_at))};
}

class PostgresDeadLetters final : public DeadLetterStore {
 public:
  explicit PostgresDeadLetters(std::unique_ptr<pg::Connection> db) : db_(std::move(db)) {}

  Result<std::uint64_t> add(DeadLetter l) override {
    if (auto valid = check_letter(l); !valid) return Unexpected{valid.error()};
    std::vector<pg::Param> params = {text(l.subscription), text(l.sequence)};
    for (pg::Param& p : state_params(l)) params.push_back(std::move(p));
    const RecordedEvent& e = l.event;
    for (pg::Param p : {text(e.stream), natural(e.version), natural(e.position),
                        text(e.event_id.to_string()), text(e.type), number(e.schema_version),
                        number(to_nanos(e.timestamp)), text(e.correlation_id), text(e.causation_id), bytes(e.payload),
                        text(e.origin.user_id), text(e.origin.source), text(headers_to_json(e.origin.headers))}) {
      params.push_back(std::move(p));
    }
    std::lock_guard lock(mutex_);
    auto rows = db_->exec(("INSERT INTO avx_dead_letters (" + kColumns.substr(4) +
                           ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) "
                           "RETURNING id")
                              .c_str(),
                          params);
    if (!rows) return Unexpected{rows.error()};
    return static_cast<std::uint64_t>(rows->int8(0, 0));
  }

  Status update(const DeadLetter& l) override {
    std::vector<pg::Param> params = state_params(l);
    params.push_back(natural(l.id));
    std::lock_guard lock(mutex_);
    auto rows = db_->exec("UPDATE avx_dead_letters SET state = $1, attempts = $2, error = $3, first_failed_at_ns = $4, "
                          "last_failed_at_ns = $5, next_attempt_at_ns = $6 WHERE id = $7 RETURNING id",
                          params);
    if (!rows) return Unexpected{rows.error()};
    if (rows->size() == 0) return unexpected(Errc::kNotFound, "no dead letter " + std::to_string(l.id));
    return {};
  }

  Status remove(std::uint64_t id) override {
    std::lock_guard lock(mutex_);
    auto rows = db_->exec("DELETE FROM avx_dead_letters WHERE id = $1", {natural(id)});
    if (!rows) return Unexpected{rows.error()};
    return {};
  }

  Result<std::optional<DeadLetter>> get(std::uint64_t id) override {
    return one("SELECT " + kColumns + " FROM avx_dead_letters WHERE id = $1", {natural(id)});
  }

  Result<std::vector<DeadLetter>> list(std::string_view subscription, std::uint64_t after_id,
                                       std::size_t max_count) override {
    return many("SELECT " + kColumns +
                    " FROM avx_dead_letters WHERE ($1 = '' OR subscription = $1) AND id > $2 ORDER BY id LIMIT $3",
                {text(std::string(subscription)), natural(after_id), natural(max_count)});
  }

  Result<std::optional<DeadLetter>> head(std::string_view subscription, std::string_view sequence) override {
    return one("SELECT " + kColumns +
                   " FROM avx_dead_letters WHERE subscription = $1 AND sequence = $2 ORDER BY id LIMIT 1",
               {text(std::string(subscription)), text(std::string(sequence))});
  }

  Result<std::vector<DeadLetter>> due(std::string_view subscription, Timestamp now, std::size_t max_count) override {
    return many("SELECT " + kColumns +
                    " FROM avx_dead_letters WHERE subscription = $1 AND state = 0 AND next_attempt_at_ns <= $2 "
                    "ORDER BY id LIMIT $3",
                {text(std::string(subscription)), number(to_nanos(now)), natural(max_count)});
  }

  Result<LetterCounts> counts(std::string_view subscription) override {
    std::lock_guard lock(mutex_);
    auto rows = db_->exec("SELECT state, count(*) FROM avx_dead_letters WHERE ($1 = '' OR subscription = $1) "
                          "GROUP BY state",
                          {text(std::string(subscription))});
    if (!rows) return Unexpected{rows.error()};
    LetterCounts c;
    for (int i = 0; i < rows->size(); ++i) {
      const auto n = static_cast<std::uint64_t>(rows->int8(i, 1));
      const std::int32_t state = rows->int4(i, 0);
      (state == 1 ? c.parked : state == 2 ? c.queued : c.retrying) = n;
    }
    return c;
  }

  Result<std::uint64_t> request_replay(std::string_view subscription, std::optional<std::uint64_t> id,
                                       Timestamp now) override {
    std::lock_guard lock(mutex_);
    auto rows = db_->exec("UPDATE avx_dead_letters SET state = 0, attempts = 0, next_attempt_at_ns = $1 WHERE state = 1 "
                          "AND ($2 = '' OR subscription = $2) AND ($3 = 0 OR id = $4) RETURNING id",
                          {number(to_nanos(now)), text(std::string(subscription)), number(id ? 1 : 0),
                           natural(id.value_or(0))});
    if (!rows) return Unexpected{rows.error()};
    return static_cast<std::uint64_t>(rows->size());
  }

  // A letter that waited behind a purged head becomes its sequence's head, due at once.
  Result<std::uint64_t> purge(std::string_view subscription, std::optional<std::uint64_t> id) override {
    std::lock_guard lock(mutex_);
    if (auto begun = db_->exec_script("BEGIN"); !begun) return Unexpected{begun.error()};
    auto deleted = db_->exec("DELETE FROM avx_dead_letters WHERE ($1 = '' OR subscription = $1) AND ($2 = 0 OR id = $3) "
                             "RETURNING id",
                             {text(std::string(subscription)), number(id ? 1 : 0), natural(id.value_or(0))});
    auto promoted = deleted ? db_->exec("UPDATE avx_dead_letters SET state = 0, next_attempt_at_ns = 0 WHERE state = 2 "
                                        "AND id IN (SELECT min(id) FROM avx_dead_letters GROUP BY subscription, sequence)")
                            : Result<pg::Rows>(Unexpected{deleted.error()});
    if (!promoted) {
      (void)db_->exec_script("ROLLBACK");
      return Unexpected{promoted.error()};
    }
    if (auto done = db_->exec_script("COMMIT"); !done) return Unexpected{done.error()};
    return static_cast<std::uint64_t>(deleted->size());
  }

 private:
  Result<std::vector<DeadLetter>> many(const std::string& sql, const std::vector<pg::Param>& params) {
    std::lock_guard lock(mutex_);
    auto rows = db_->exec(sql.c_str(), params);
    if (!rows) return Unexpected{rows.error()};
    std::vector<DeadLetter> out;
    for (int i = 0; i < rows->size(); ++i) {
      auto letter = read_letter(*rows, i);
      if (!letter) return Unexpected{letter.error()};
      out.push_back(std::move(*letter));
    }
    return out;
  }
  Result<std::optional<DeadLetter>> one(const std::string& sql, const std::vector<pg::Param>& params) {
    auto rows = many(sql, params);
    if (!rows) return Unexpected{rows.error()};
    return rows->empty() ? std::optional<DeadLetter>() : std::optional<DeadLetter>(std::move(rows->front()));
  }

  std::mutex mutex_;  // the one connection: one statement at a time
  std::unique_ptr<pg::Connection> db_;
};

}  // namespace

Result<std::unique_ptr<DeadLetterStore>> open_postgres_dead_letters(const std::string& conninfo, bool read_only) {
  auto db = pg::Connection::open(conninfo, {.read_only = read_only});
  if (!db) return Unexpected{db.error()};
  if (auto made = pg::prepare_schema(**db, read_only); !made) return Unexpected{made.error()};
  return std::unique_ptr<DeadLetterStore>(new PostgresDeadLetters(std::move(*db)));
}

}  // namespace avx::events
