#include "runtime/postgres/internal/append_group.h"

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "avx/events/headers_json.h"
#include "runtime/postgres/internal/commit_notices.h"
#include "runtime/store/backend/store_rules.h"

namespace avx::events::pg {
namespace {

// Statements for k rows (or ids, or streams) are prepared for k up to kPreparedRows, and for
// kBigChunk rows: each is parsed and planned once per connection. Longer lists are cut into such
// chunks (inserts) or sent as one `= ANY(array)` planned each time (look-ups). The writer's
// session forbids table scans (pg.h, lookups_only), so a generic plan made while a table was
// small cannot scan it once it has grown.
constexpr std::size_t kPreparedRows = 16;
constexpr std::size_t kBigChunk = 100;

// "($1,$2),($3,$4)" for rows = 2, columns = 2. Built once per shape: every group needs one for
// each of its statements, and a 100-row insert's list is a thousand placeholders.
const std::string& values(std::size_t rows, std::size_t columns) {
  static std::mutex mutex;
  static std::map<std::pair<std::size_t, std::size_t>, std::string> built;  // nodes never move
  std::lock_guard lock(mutex);
  auto [it, fresh] = built.try_emplace({rows, columns});
  if (fresh) {
    std::string& out = it->second;
    for (std::size_t row = 0; row < rows; ++row) {
      out += row == 0 ? "(" : ",(";
      for (std::size_t col = 1; col <= columns; ++col) {
        out += (col == 1 ? "$" : ",$") + std::to_string(row * columns + col);
      }
      out += ')';
    }
  }
  return it->second;
}

// A text[] literal of event ids or stream names, quoted (names may hold any printable ASCII).
std::string text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const std::string& item : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

// `SELECT <columns> FROM <table> WHERE <key>` matching any of `keys`: prepared per count of
// keys, or for many keys one `= ANY(array)` planned each time.
Statement find(const char* name, const char* select, std::vector<std::string> keys) {
  const std::size_t k = keys.size();
  if (k == 0 || k > kPreparedRows) return {std::string(select) + " = ANY($1::text[])", {text(text_array(keys))}};
  Statement s{std::string(select) + " IN " + values(1, k), {}, std::string(name) + std::to_string(k)};
  for (std::string& key : keys) s.params.push_back(text(std::move(key)));
  return s;
}

// What the first round trip found: the head, the stored ids among the group's, the streams' versions.
struct Found {
  std::uint64_t head = 0;
  std::map<EventId, detail::StoredAt> ids;
  std::map<std::string, std::uint64_t, std::less<>> versions;
};

Result<Found> look_up(Connection& db, std::span<AppendRequest* const> group) {
  std::vector<std::string> ids;
  std::set<std::string, std::less<>> streams;
  for (const AppendRequest* r : group) {
    streams.emplace(r->stream);
    for (const EventData& e : r->events) ids.push_back(e.event_id.to_string());
  }
  auto rows = db.pipeline({
      {"BEGIN", {}},
      // The row lock that orders positions: held until COMMIT, so appends commit one after another.
      {"SELECT position FROM avx_head WHERE id = 1 FOR UPDATE", {}, "avx_lock_head"},
      find("avx_find_ids_", "SELECT event_id, stream, version, position FROM avx_events WHERE event_id", ids),
      find("avx_find_streams_", "SELECT name, version FROM avx_streams WHERE name", {streams.begin(), streams.end()}),
  });
  if (!rows) return Unexpected{rows.error()};
  Found found;
  found.head = static_cast<std::uint64_t>((*rows)[1].int8(0, 0));
  const Rows& stored = (*rows)[2];
  for (int i = 0; i < stored.size(); ++i) {
    // Ids were stored by this code as 32 hex digits: one that is not does not match the group's.
    auto id = EventId::parse(stored.bytes(i, 0));
    if (!id) continue;
    found.ids.emplace(*id, detail::StoredAt{std::string(stored.bytes(i, 1)),
                                            static_cast<std::uint64_t>(stored.int8(i, 2)),
                                            static_cast<std::uint64_t>(stored.int8(i, 3))});
  }
  const Rows& versions = (*rows)[3];
  for (int i = 0; i < versions.size(); ++i) {
    found.versions.emplace(std::string(versions.bytes(i, 0)), static_cast<std::uint64_t>(versions.int8(i, 1)));
  }
  return found;
}

// Decides one request against what is stored (and what the group's earlier requests add), and
// records its events when it may append.
void decide(AppendRequest& r, Found& found) {
  auto find = [&](const EventId& id) -> std::optional<detail::StoredAt> {
    auto it = found.ids.find(id);
    return it == found.ids.end() ? std::nullopt : std::optional(it->second);
  };
  if (auto retry = detail::check_retry(r.stream, r.expected, r.events, find)) {
    r.result = *retry;
    return;
  }
  if (auto elsewhere = detail::stored_elsewhere(r.events, find)) {
    r.result = *elsewhere;
    return;
  }
  auto stream = found.versions.find(r.stream);
  const std::uint64_t actual = stream == found.versions.end() ? 0 : stream->second;
  if (!r.expected.allows(actual)) {
    r.result = detail::conflict(r.stream, r.expected, actual);
    return;
  }
  AppendResult result{actual, found.head};
  for (const EventData& e : r.events) {
    RecordedEvent rec{std::string(r.stream), ++result.version, ++found.head, e.event_id, e.type, e.schema_version,
                      e.timestamp == Timestamp{} ? now() : e.timestamp, e.correlation_id, e.causation_id, e.origin, e.payload};
    found.ids.emplace(rec.event_id, detail::StoredAt{rec.stream, rec.version, rec.position});
    r.committed.push_back(std::move(rec));
  }
  if (!r.events.empty()) {
    result.last_position = found.head;
    found.versions[std::string(r.stream)] = result.version;
  }
  r.result = result;
}

// The events' INSERTs: chunks of kBigChunk, then of up to kPreparedRows.
void insert_events(std::span<AppendRequest* const> group, std::vector<Statement>& out) {
  std::vector<const RecordedEvent*> rows;
  for (const AppendRequest* r : group) {
    for (const RecordedEvent& e : r->committed) rows.push_back(&e);
  }
  for (std::size_t at = 0; at < rows.size();) {
    const std::size_t left = rows.size() - at;
    const std::size_t n = left >= kBigChunk ? kBigChunk : std::min(left, kPreparedRows);
    Statement insert{"INSERT INTO avx_events (position, stream, version, event_id, type, schema_version, timestamp_ns, "
                     "correlation_id, causation_id, payload, user_id, source, headers) VALUES " +
                         values(n, 13),
                     {},
                     "avx_insert_" + std::to_string(n)};
    insert.params.reserve(n * 13);
    for (std::size_t i = at; i < at + n; ++i) {
      const RecordedEvent& e = *rows[i];
      // One by one: an initializer list would copy every parameter (its strings too).
      auto& p = insert.params;
      p.push_back(bigint(e.position));
      p.push_back(text_view(e.stream));
      p.push_back(bigint(e.version));
      p.push_back(text(e.event_id.to_string()));
      p.push_back(text_view(e.type));
      p.push_back(number(e.schema_version));
      p.push_back(bigint(to_nanos(e.timestamp)));
      p.push_back(text_view(e.correlation_id));
      p.push_back(text_view(e.causation_id));
      p.push_back(bytes_view(e.payload));
      p.push_back(text_view(e.origin.user_id));
      p.push_back(text_view(e.origin.source));
      p.push_back(text(headers_to_json(e.origin.headers)));
    }
    out.push_back(std::move(insert));
    at += n;
  }
}

// The streams' new versions, in chunks of up to kPreparedRows.
void update_streams(const std::set<std::string, std::less<>>& touched, const Found& found,
                    std::vector<Statement>& out) {
  std::vector<std::string> names(touched.begin(), touched.end());
  for (std::size_t at = 0; at < names.size(); at += kPreparedRows) {
    const std::size_t n = std::min(names.size() - at, kPreparedRows);
    Statement upsert{"INSERT INTO avx_streams VALUES " + values(n, 2) +
                         " ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version",
                     {}, "avx_streams_" + std::to_string(n)};
    for (std::size_t i = at; i < at + n; ++i) {
      upsert.params.push_back(text(names[i]));
      upsert.params.push_back(natural(found.versions.find(names[i])->second));
    }
    out.push_back(std::move(upsert));
  }
}

constexpr std::size_t kMostKnownStreams = 100'000;   // then the writer forgets and learns again
constexpr std::uint32_t kCarefulAfterWrongGuess = 32;  // groups, when other processes write too

// After `out` (the head's lock or move): the decided requests' rows, the streams' versions and the
// wake-up.
void writes(std::span<AppendRequest* const> group, const Found& found,
            const std::set<std::string, std::less<>>& touched, std::vector<Statement>& out) {
  insert_events(group, out);
  update_streams(touched, found, out);
  // Delivered at commit, to every LISTENing store: the wake-up of other processes' readers.
  out.push_back({std::string("NOTIFY ") + kCommitChannel, {}});
}

// The careful way: look up the head, the ids and the streams, decide, write (two round trips).
Status commit_checked(Connection& db, std::span<AppendRequest* const> group, KnownState& known) {
  known.valid = false;
  auto found = look_up(db, group);
  if (!found) {
    (void)db.exec_script("ROLLBACK");
    return Unexpected{found.error()};
  }
  std::set<std::string, std::less<>> touched;
  for (AppendRequest* r : group) {
    decide(*r, *found);
    if (!r->committed.empty()) touched.emplace(r->stream);
  }
  if (touched.empty()) return db.exec_script("ROLLBACK");  // nothing to write: retries and refusals
  std::vector<Statement> statements;
  writes(group, *found, touched, statements);
  statements.push_back({"UPDATE avx_head SET position = $1 WHERE id = 1", {natural(found->head)}, "avx_move_head"});
  statements.push_back({"COMMIT", {}});
  auto written = db.pipeline(statements);
  if (!written) {
    (void)db.exec_script("ROLLBACK");
    return Unexpected{written.error()};
  }
  if (known.versions.size() > kMostKnownStreams) known.versions.clear();
  known.valid = true;
  known.head = found->head;
  for (const AppendRequest* r : group) known.versions[std::string(r->stream)] = 0;  // absent: no stream
  for (const auto& [name, version] : found->versions) known.versions[name] = version;
  return {};
}

// The quick way's first statement moves the head, which takes its lock, but only from where the
// writer expects it: otherwise (another process appended) the head would become NULL, which its
// column refuses (SQLSTATE 23502), and the group fails as a conflict before any row is written.
Statement move_head_from(std::uint64_t expected, std::uint64_t head) {
  return {"UPDATE avx_head SET position = CASE WHEN position = $2 THEN $1::bigint END WHERE id = 1",
          {natural(head), natural(expected)}, "avx_move_head_from"};
}

// The quick way, when every stream of the group is known and every append would be written: the
// head's move, the writes and the wake-up in one round trip, with neither BEGIN nor COMMIT (the
// statements of one pipeline are one implicit transaction, committed at its end, rolled back as a
// whole on an error). Nullopt when it does not apply or the database refused the rows (then
// nothing was written); otherwise the outcome.
std::optional<Status> commit_known(Connection& db, std::span<AppendRequest* const> group, KnownState& known) {
  if (!known.valid || known.careful > 0) {
    if (known.careful > 0) --known.careful;
    return std::nullopt;
  }
  Found guess{known.head, {}, {}};
  for (const AppendRequest* r : group) {
    auto it = known.versions.find(r->stream);
    if (it == known.versions.end()) return std::nullopt;
    guess.versions.insert(*it);
  }
  std::set<std::string, std::less<>> touched;
  for (AppendRequest* r : group) {
    decide(*r, guess);
    if (!r->result || r->committed.empty()) return std::nullopt;  // a refusal or a retry: make sure
    touched.emplace(r->stream);
  }
  std::vector<Statement> statements{move_head_from(known.head, guess.head)};
  writes(group, guess, touched, statements);
  auto written = db.pipeline(statements);
  if (!written) {
    if (written.error().code() != Errc::kConflict) return Status(Unexpected{written.error()});
    known.valid = false;  // another process wrote: its rows hold our guesses' keys
    known.careful = kCarefulAfterWrongGuess;
    return std::nullopt;
  }
  known.head = guess.head;
  for (const auto& [name, version] : guess.versions) known.versions[name] = version;
  return Status{};
}

}  // namespace

Status commit_group(Connection& db, std::span<AppendRequest* const> group, KnownState& known) {
  for (AppendRequest* r : group) r->committed.clear();
  if (auto quick = commit_known(db, group, known)) return *quick;
  for (AppendRequest* r : group) r->committed.clear();
  return commit_checked(db, group, known);
}

}  // namespace avx::events::pg
