// The PostgreSQL EventStore: one connection used under a mutex (a pool is the next step), appends
// in one transaction each that first locks the avx_head row, so global positions commit in order.

#include <atomic>
#include <limits>
#include <map>
#include <mutex>

#include "avx/events/postgres.h"
#include "runtime/postgres/internal/commit_notices.h"
#include "runtime/postgres/internal/pg.h"
#include "runtime/postgres/internal/postgres_schema.h"
#include "runtime/store/backend/commit_listeners.h"
#include "runtime/store/backend/store_rules.h"

namespace avx::events {
namespace {

using pg::bytes;
using pg::natural;
using pg::number;
using pg::text;

// A text[] literal of event ids (32 hex digits each: nothing to quote).
std::string id_array(std::span<const EventData> events) {
  std::string out = "{";
  for (const EventData& e : events) out += (out.size() > 1 ? "," : "") + e.event_id.to_string();
  return out + "}";
}

class PostgresStore final : public EventStore {
 public:
  PostgresStore(std::string conninfo, std::unique_ptr<pg::Connection> db, PostgresStoreOptions options)
      : conninfo_(std::move(conninfo)), db_(std::move(db)), options_(options), own_pid_(db_->backend_pid()) {}

  ~PostgresStore() override { notices_.reset(); }  // its thread calls into listeners_

  Result<AppendResult> append(std::string_view stream, ExpectedVersion expected,
                              std::span<const EventData> events) override {
    if (auto valid = detail::validate_append(stream, events, options_.max_payload_bytes); !valid) {
      return Unexpected{valid.error()};
    }
    std::lock_guard lock(mutex_);
    std::vector<RecordedEvent> committed;
    Result<AppendResult> result = append_once(stream, expected, events, committed);
    if (!result && result.error().code() == Errc::kUnavailable && !db_->ok() && db_->reset()) {
      // The connection was lost inside the transaction: run the append again. Safe even if the
      // lost COMMIT went through: the same ids at the same place are recognized as a retry.
      committed.clear();
      result = append_once(stream, expected, events, committed);
    }
    own_pid_ = db_->backend_pid();  // a new one when the connection was reopened
    if (result) listeners_.notify(committed);  // under the store's lock: listeners see position order
    return result;
  }

  Status read_stream_into(std::string_view stream, std::uint64_t from, std::size_t max_count, Direction direction,
                          EventPage& page) override {
    page.clear();  // a failed read leaves an empty page, never the last one
    if (auto valid = validate_stream_name(stream); !valid) return valid;
    const bool forward = direction == Direction::kForward;
    const std::uint64_t start = forward || from != 0 ? from : std::numeric_limits<std::int64_t>::max();
    const std::string sql = std::string("SELECT ") + pg::kEventColumns + " FROM avx_events WHERE stream = $1 AND " +
                            (forward ? "version >= $2 ORDER BY version" : "version <= $2 ORDER BY version DESC") +
                            " LIMIT $3";
    return read_into(sql.c_str(), {text(std::string(stream)), natural(start), natural(max_count)}, page);
  }

  Status read_all_into(std::uint64_t from, std::size_t max_count, EventPage& page) override {
    static const std::string sql =
        std::string("SELECT ") + pg::kEventColumns + " FROM avx_events WHERE position >= $1 ORDER BY position LIMIT $2";
    return read_into(sql.c_str(), {natural(from), natural(max_count)}, page);
  }

  Result<std::uint64_t> stream_version(std::string_view stream) override {
    if (auto valid = validate_stream_name(stream); !valid) return Unexpected{valid.error()};
    std::lock_guard lock(mutex_);
    return version_of(stream);
  }

  Result<std::uint64_t> head_position() override {
    std::lock_guard lock(mutex_);
    auto rows = db_->exec("SELECT position FROM avx_head WHERE id = 1");
    if (!rows) return Unexpected{rows.error()};
    return static_cast<std::uint64_t>(rows->int8(0, 0));
  }

  Result<std::vector<StreamInfo>> streams(std::string_view after, std::size_t max_count) override {
    std::lock_guard lock(mutex_);
    auto rows = db_->exec("SELECT name, version FROM avx_streams WHERE name > $1 ORDER BY name LIMIT $2",
                          {text(std::string(after)), natural(max_count)});
    if (!rows) return Unexpected{rows.error()};
    std::vector<StreamInfo> out;
    for (int i = 0; i < rows->size(); ++i) {
      out.push_back({std::string(rows->bytes(i, 0)), static_cast<std::uint64_t>(rows->int8(i, 1))});
    }
    return out;
  }

  Status save_snapshot(const Snapshot& s) override {
    if (auto valid = detail::validate_snapshot(s, options_.max_payload_bytes); !valid) return valid;
    std::lock_guard lock(mutex_);
    auto saved = db_->exec(
        "INSERT INTO avx_snapshots VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (stream) DO UPDATE SET "
        "version = EXCLUDED.version, type = EXCLUDED.type, schema_version = EXCLUDED.schema_version, "
        "payload = EXCLUDED.payload, taken_at_ns = EXCLUDED.taken_at_ns WHERE EXCLUDED.version >= avx_snapshots.version",
        {text(s.stream), natural(s.version), text(s.type), number(s.schema_version), bytes(s.payload),
         number(to_nanos(s.taken_at == Timestamp{} ? now() : s.taken_at))});
    if (!saved) return Unexpected{saved.error()};
    return {};
  }

  Result<std::optional<Snapshot>> load_snapshot(std::string_view stream) override {
    if (auto valid = validate_stream_name(stream); !valid) return Unexpected{valid.error()};
    std::lock_guard lock(mutex_);
    auto rows = db_->exec(
        "SELECT stream, version, type, schema_version, payload, taken_at_ns FROM avx_snapshots WHERE stream = $1",
        {text(std::string(stream))});
    if (!rows) return Unexpected{rows.error()};
    if (rows->size() == 0) return std::optional<Snapshot>();
    Snapshot s;
    s.stream.assign(rows->bytes(0, 0));
    s.version = static_cast<std::uint64_t>(rows->int8(0, 1));
    s.type.assign(rows->bytes(0, 2));
    s.schema_version = static_cast<std::uint32_t>(rows->int4(0, 3));
    s.payload.assign(rows->bytes(0, 4));
    s.taken_at = timestamp_from_nanos(rows->int8(0, 5));
    return std::optional<Snapshot>(std::move(s));
  }

  Status save_checkpoint(std::string_view name, std::uint64_t position) override {
    std::lock_guard lock(mutex_);
    auto saved = db_->exec(
        "INSERT INTO avx_checkpoints VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position",
        {text(std::string(name)), natural(position)});
    if (!saved) return Unexpected{saved.error()};
    return {};
  }

  Result<std::uint64_t> load_checkpoint(std::string_view name) override {
    std::lock_guard lock(mutex_);
    auto rows = db_->exec("SELECT position FROM avx_checkpoints WHERE name = $1", {text(std::string(name))});
    if (!rows) return Unexpected{rows.error()};
    return rows->size() == 0 ? 0 : static_cast<std::uint64_t>(rows->int8(0, 0));
  }

  // Besides this store's own commits, a listener hears (as an empty list: read the store) of those
  // of other processes and connections, through LISTEN, started with the first listener.
  std::uint64_t add_commit_listener(CommitListener listener) override {
    const std::uint64_t id = listeners_.add(std::move(listener));
    // Not mutex_: a listener may add listeners while an append notifies it, holding mutex_.
    std::lock_guard lock(notices_mutex_);
    if (!notices_) {
      notices_ = std::make_unique<pg::CommitNotices>(conninfo_, own_pid_,
                                                     [this] { listeners_.notify({}, /*missed=*/true); });
    }
    return id;
  }
  void remove_commit_listener(std::uint64_t id) override { listeners_.remove(id); }

 private:
  // One transaction: BEGIN, the checks and inserts, COMMIT (or ROLLBACK when there is nothing to
  // commit or something failed). `committed` holds what was committed.
  Result<AppendResult> append_once(std::string_view stream, ExpectedVersion expected, std::span<const EventData> events,
                                   std::vector<RecordedEvent>& committed) {
    if (auto begun = db_->exec_script("BEGIN"); !begun) return Unexpected{begun.error()};
    Result<AppendResult> result = append_in_transaction(stream, expected, events, committed);
    if (!result || committed.empty()) {
      (void)db_->exec_script("ROLLBACK");
      if (!result) committed.clear();
      return result;
    }
    if (auto done = db_->exec_script("COMMIT"); !done) {
      committed.clear();
      return Unexpected{done.error()};
    }
    return result;
  }

  // Inside BEGIN: locks the head, checks the batch, inserts it. Fills `committed` only when there
  // is something to commit.
  Result<AppendResult> append_in_transaction(std::string_view stream, ExpectedVersion expected,
                                             std::span<const EventData> events, std::vector<RecordedEvent>& committed) {
    // The row lock that orders positions: held until COMMIT, so appends commit one after another.
    auto head = db_->exec("SELECT position FROM avx_head WHERE id = 1 FOR UPDATE");
    if (!head) return Unexpected{head.error()};
    std::uint64_t position = static_cast<std::uint64_t>(head->int8(0, 0));
    auto found = db_->exec("SELECT event_id, stream, version, position FROM avx_events WHERE event_id = ANY($1::text[])",
                           {text(id_array(events))});
    if (!found) return Unexpected{found.error()};
    std::map<std::string, detail::StoredAt, std::less<>> stored;
    for (int i = 0; i < found->size(); ++i) {
      stored.emplace(std::string(found->bytes(i, 0)),
                     detail::StoredAt{std::string(found->bytes(i, 1)), static_cast<std::uint64_t>(found->int8(i, 2)),
                                      static_cast<std::uint64_t>(found->int8(i, 3))});
    }
    auto find = [&](const EventId& id) -> std::optional<detail::StoredAt> {
      auto it = stored.find(id.to_string());
      return it == stored.end() ? std::nullopt : std::optional(it->second);
    };
    if (auto retry = detail::check_retry(stream, expected, events, find)) return *retry;
    if (auto elsewhere = detail::stored_elsewhere(events, find)) return *elsewhere;
    auto actual = version_of(stream);
    if (!actual) return Unexpected{actual.error()};
    if (!expected.allows(*actual)) return detail::conflict(stream, expected, *actual);
    AppendResult result{*actual, position};
    for (const EventData& e : events) {
      RecordedEvent r{std::string(stream), ++result.version, ++position, e.event_id, e.type, e.schema_version,
                      e.timestamp == Timestamp{} ? now() : e.timestamp, e.correlation_id, e.causation_id, e.payload};
      auto inserted = db_->exec("INSERT INTO avx_events VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                                {natural(r.position), text(r.stream), natural(r.version),
                                 text(r.event_id.to_string()), text(r.type), number(r.schema_version),
                                 number(to_nanos(r.timestamp)), text(r.correlation_id), text(r.causation_id),
                                 bytes(r.payload)});
      if (!inserted) return Unexpected{inserted.error()};
      committed.push_back(std::move(r));
    }
    if (events.empty()) return result;
    result.last_position = position;
    auto streamed = db_->exec(
        "INSERT INTO avx_streams VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version",
        {text(std::string(stream)), natural(result.version)});
    if (!streamed) return Unexpected{streamed.error()};
    auto moved = db_->exec("UPDATE avx_head SET position = $1 WHERE id = 1", {natural(position)});
    if (!moved) return Unexpected{moved.error()};
    // Delivered at commit, to every LISTENing store: the wake-up of other processes' readers.
    auto noticed = db_->exec_script((std::string("NOTIFY ") + pg::kCommitChannel).c_str());
    if (!noticed) return Unexpected{noticed.error()};
    return result;
  }

  Result<std::uint64_t> version_of(std::string_view stream) {
    auto rows = db_->exec("SELECT version FROM avx_streams WHERE name = $1", {text(std::string(stream))});
    if (!rows) return Unexpected{rows.error()};
    return rows->size() == 0 ? 0 : static_cast<std::uint64_t>(rows->int8(0, 0));
  }

  Status read_into(const char* sql, const std::vector<pg::Param>& params, EventPage& page) {
    page.clear();
    std::lock_guard lock(mutex_);
    auto rows = db_->exec(sql, params);
    if (!rows) return Unexpected{rows.error()};
    for (int i = 0; i < rows->size(); ++i) pg::read_event(*rows, i, 0, page.next_slot());
    return {};
  }

  const std::string conninfo_;
  std::mutex mutex_;  // the one connection: one statement at a time
  std::unique_ptr<pg::Connection> db_;
  PostgresStoreOptions options_;
  detail::CommitListeners listeners_;
  std::atomic<int> own_pid_;  // the server process of db_: its NOTIFYs are our own appends
  std::mutex notices_mutex_;
  std::unique_ptr<pg::CommitNotices> notices_;  // other connections' commits; with the first listener
};

}  // namespace

Result<std::unique_ptr<EventStore>> open_postgres_store(const std::string& conninfo, PostgresStoreOptions options) {
  auto db = pg::Connection::open(conninfo, options.read_only);
  if (!db) return Unexpected{db.error()};
  if (auto made = pg::prepare_schema(**db, options.read_only); !made) return Unexpected{made.error()};
  return std::unique_ptr<EventStore>(new PostgresStore(conninfo, std::move(*db), options));
}

}  // namespace avx::events
