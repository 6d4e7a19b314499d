// The PostgreSQL EventStore: a connection for writes and a small pool for reads, so readers never
// hold up writers. Appends that arrive together are committed together (append_group.h), in one
// transaction that first locks the avx_head row, so global positions commit in order.

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <limits>
#include <mutex>

#include "avx/events/postgres.h"
#include "runtime/postgres/internal/append_group.h"
#include "runtime/postgres/internal/commit_notices.h"
#include "runtime/postgres/internal/pg.h"
#include "runtime/postgres/internal/pool.h"
#include "runtime/postgres/internal/read_ahead.h"
#include "runtime/postgres/internal/postgres_schema.h"
#include "runtime/store/backend/commit_listeners.h"
#include "runtime/store/backend/store_rules.h"

namespace avx::events {
namespace {

using pg::bytes;
using pg::natural;
using pg::number;
using pg::text;

// Appends written together at most: enough to amortize the round trips, few enough that one
// group's transaction stays short.
constexpr std::size_t kMaxGroup = 64;

const std::string kReadAll =
    std::string("SELECT ") + pg::kEventColumns + " FROM avx_events WHERE position >= $1 ORDER BY position LIMIT $2";
constexpr std::size_t kMostReadAhead = 16384;  // events: larger pages are not read ahead

class PostgresStore final : public EventStore {
 public:
  PostgresStore(std::string conninfo, std::unique_ptr<pg::Connection> writer, std::unique_ptr<pg::Pool> readers,
                PostgresStoreOptions options)
      : conninfo_(std::move(conninfo)),
        writer_(std::move(writer)),
        readers_(std::move(readers)),
        options_(options),
        own_pid_(writer_->backend_pid()) {}

  ~PostgresStore() override { notices_.reset(); }  // its thread calls into listeners_

  // The first append to arrive while no group is being written leads: it writes every append
  // queued by then (its own among them) as one group, and again until its own is written; then
  // the next waiting append leads. Followers only wait.
  Result<AppendResult> append(std::string_view stream, ExpectedVersion expected,
                              std::span<const EventData> events) override {
    if (auto valid = detail::validate_append(stream, events, options_.max_payload_bytes); !valid) {
      return Unexpected{valid.error()};
    }
    pg::AppendRequest request;
    request.stream = stream;
    request.expected = expected;
    request.events = events;
    std::unique_lock lock(queue_mutex_);
    queue_.push_back(&request);
    if (gathering_) arrived_.notify_one();
    queue_changed_.wait(lock, [&] { return request.done || !leading_; });
    if (request.done) return request.result;
    leading_ = true;
    while (!request.done) {
      gather(lock);
      const std::size_t n = std::min(queue_.size(), kMaxGroup);
      std::vector<pg::AppendRequest*> group(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      lock.unlock();
      write_group(group);
      lock.lock();
      for (pg::AppendRequest* r : group) r->done = true;
      waiting_ = group.size() + queue_.size();
    }
    leading_ = false;
    lock.unlock();
    queue_changed_.notify_all();
    return request.result;
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

  // A reader paging through $all gets each next page read ahead (read_ahead.h).
  Status read_all_into(std::uint64_t from, std::size_t max_count, EventPage& page) override {
    page.clear();
    if (auto rows = ahead_.take(from, max_count)) {
      if (auto read = read_rows(*rows, page); !read) return read;
    } else if (auto read = read_into(kReadAll.c_str(), {natural(from), natural(max_count)}, page); !read) {
      return read;
    }
    // With one read connection, a page read ahead for a reader that stopped would hold it forever.
    if (page.size() == max_count && max_count <= kMostReadAhead && options_.pool_size >= 2) {
      ahead_.start(page.back().position, max_count);
    }
    return {};
  }

  Result<std::uint64_t> stream_version(std::string_view stream) override {
    if (auto valid = validate_stream_name(stream); !valid) return Unexpected{valid.error()};
    auto db = readers_->lease();
    auto rows = db->exec("SELECT version FROM avx_streams WHERE name = $1", {text(std::string(stream))});
    if (!rows) return Unexpected{rows.error()};
    return rows->size() == 0 ? 0 : static_cast<std::uint64_t>(rows->int8(0, 0));
  }

  Result<std::uint64_t> head_position() override {
    auto db = readers_->lease();
    auto rows = db->exec("SELECT position FROM avx_head WHERE id = 1");
    if (!rows) return Unexpected{rows.error()};
    return static_cast<std::uint64_t>(rows->int8(0, 0));
  }

  Result<std::vector<StreamInfo>> streams(std::string_view after, std::size_t max_count) override {
    auto db = readers_->lease();
    auto rows = db->exec("SELECT name, version FROM avx_streams WHERE name > $1 ORDER BY name LIMIT $2",
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
    std::lock_guard lock(write_mutex_);
    auto saved = writer_->exec(
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
    auto db = readers_->lease();
    auto rows = db->exec(
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
    std::lock_guard lock(write_mutex_);
    auto saved = writer_->exec(
        "INSERT INTO avx_checkpoints VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position",
        {text(std::string(name)), natural(position)});
    if (!saved) return Unexpected{saved.error()};
    return {};
  }

  Result<std::uint64_t> load_checkpoint(std::string_view name) override {
    auto db = readers_->lease();
    auto rows = db->exec("SELECT position FROM avx_checkpoints WHERE name = $1", {text(std::string(name))});
    if (!rows) return Unexpected{rows.error()};
    return rows->size() == 0 ? 0 : static_cast<std::uint64_t>(rows->int8(0, 0));
  }

  // Besides this store's own commits, a listener hears (as an empty list: read the store) of those
  // of other processes and connections, through LISTEN, started with the first listener.
  std::uint64_t add_commit_listener(CommitListener listener) override {
    const std::uint64_t id = listeners_.add(std::move(listener));
    // Not write_mutex_: a listener may add listeners while an append notifies it, holding it.
    std::lock_guard lock(notices_mutex_);
    if (!notices_) {
      notices_ = std::make_unique<pg::CommitNotices>(conninfo_, own_pid_,
                                                     [this] { listeners_.notify({}, /*missed=*/true); });
    }
    return id;
  }
  void remove_commit_listener(std::uint64_t id) override { listeners_.remove(id); }

 private:
  // Commits the group; a lost connection is reopened and the group run again (safe even if the
  // lost COMMIT went through: the same ids at the same place are recognized as a retry). When the
  // group fails otherwise, each append runs alone, so one's trouble is not the others'.
  void write_group(const std::vector<pg::AppendRequest*>& group) {
    std::lock_guard lock(write_mutex_);
    Status outcome = pg::commit_group(*writer_, group, known_);
    if (!outcome && outcome.error().code() == Errc::kUnavailable && !writer_->ok() && writer_->reset()) {
      outcome = pg::commit_group(*writer_, group, known_);
    }
    if (!outcome && group.size() > 1 && writer_->ok()) {
      for (pg::AppendRequest* r : group) {
        if (Status alone = pg::commit_group(*writer_, {&r, 1}, known_); !alone) fail(*r, alone.error());
      }
    } else if (!outcome) {
      for (pg::AppendRequest* r : group) fail(*r, outcome.error());
    }
    own_pid_ = writer_->backend_pid();  // a new one when the connection was reopened
    std::vector<RecordedEvent> committed;
    for (pg::AppendRequest* r : group) {
      for (RecordedEvent& e : r->committed) committed.push_back(std::move(e));
    }
    if (!committed.empty()) listeners_.notify(committed);  // under write_mutex_: in position order
  }

  static void fail(pg::AppendRequest& r, const Error& error) {
    r.result = Unexpected{error};
    r.committed.clear();
  }

  Status read_into(const char* sql, const std::vector<pg::Param>& params, EventPage& page) {
    page.clear();
    auto db = readers_->lease();
    auto rows = db->exec(sql, params);
    if (!rows) return Unexpected{rows.error()};
    return read_rows(*rows, page);
  }

  // PostgreSQL's commit_delay, adaptive (as in the SQLite store): when appends were waiting
  // together at the end of the last group, they come back together; give them a moment to queue
  // again, so one commit serves them all (else a group takes the first to return, the next one the
  // rest, and each pays a commit). A lone appender never waits.
  void gather(std::unique_lock<std::mutex>& lock) {
    const std::size_t expect = std::min(waiting_, kMaxGroup);
    if (expect <= 1 || queue_.size() >= expect) return;
    gathering_ = true;
    arrived_.wait_for(lock, options_.gather, [&] { return queue_.size() >= expect; });
    gathering_ = false;
  }

  static Status read_rows(const pg::Rows& rows, EventPage& page) {
    for (int i = 0; i < rows.size(); ++i) {
      if (auto read = pg::read_event(rows, i, 0, page.next_slot()); !read) {
        page.clear();
        return read;
      }
    }
    return {};
  }

  const std::string conninfo_;
  std::mutex write_mutex_;  // the writer: one statement at a time
  std::unique_ptr<pg::Connection> writer_;
  pg::KnownState known_;  // what the writer's commits taught it; under write_mutex_
  std::unique_ptr<pg::Pool> readers_;
  pg::ReadAhead ahead_{*readers_, kReadAll.c_str()};  // holds a reader at times: after readers_
  PostgresStoreOptions options_;
  std::mutex queue_mutex_;  // guards the queue of appends and who leads
  std::condition_variable queue_changed_;
  std::deque<pg::AppendRequest*> queue_;
  bool leading_ = false;
  std::condition_variable arrived_;  // an append queued while the leader gathers
  bool gathering_ = false;
  std::size_t waiting_ = 0;  // appends written or queued when the last group was written
  detail::CommitListeners listeners_;
  std::atomic<int> own_pid_;  // the server process of writer_: its NOTIFYs are our own appends
  std::mutex notices_mutex_;
  std::unique_ptr<pg::CommitNotices> notices_;  // other connections' commits; with the first listener
};

}  // namespace

Result<std::unique_ptr<EventStore>> open_postgres_store(const std::string& conninfo, PostgresStoreOptions options) {
  auto db = pg::Connection::open(conninfo, {.read_only = options.read_only, .lookups_only = true});
  if (!db) return Unexpected{db.error()};
  if (auto made = pg::prepare_schema(**db, options.read_only); !made) return Unexpected{made.error()};
  auto readers = pg::Pool::open(conninfo, options.pool_size, options.read_only);
  if (!readers) return Unexpected{readers.error()};
  return std::unique_ptr<EventStore>(new PostgresStore(conninfo, std::move(*db), std::move(*readers), options));
}

}  // namespace avx::events
