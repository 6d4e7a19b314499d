#include "runtime/sqlite/internal/sqlite_schema.h"

#include "avx/events/headers_json.h"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <cstdio>
#include <filesystem>

namespace avx::events::detail {
namespace {

constexpr const char* kSchema = R"sql(
  CREATE TABLE IF NOT EXISTS events (
    position       INTEGER PRIMARY KEY,
    stream         TEXT    NOT NULL,
    version        INTEGER NOT NULL,
    event_id       BLOB    NOT NULL UNIQUE,
    type           TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    timestamp      INTEGER NOT NULL,
    correlation_id TEXT    NOT NULL,
    causation_id   TEXT    NOT NULL,
    user_id        TEXT    NOT NULL DEFAULT '',
    source         TEXT    NOT NULL DEFAULT '',
    headers        TEXT    NOT NULL DEFAULT '{}',
    payload        BLOB    NOT NULL,
    UNIQUE (stream, version)
  );
)sql";

// Format 1 -> 2: the origin columns, empty for the events stored before them. Adding a column
// with a constant default rewrites no row.
void upgrade_from_1(SQLite::Database& db) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  if (db.execAndGet("PRAGMA user_version").getInt() == 1) {
    for (const char* table : {"events", "dead_letters"}) {
      if (!db.tableExists(table)) continue;
      db.exec(std::string("ALTER TABLE ") + table + " ADD COLUMN user_id TEXT NOT NULL DEFAULT ''");
      db.exec(std::string("ALTER TABLE ") + table + " ADD COLUMN source TEXT NOT NULL DEFAULT ''");
      db.exec(std::string("ALTER TABLE ") + table + " ADD COLUMN headers TEXT NOT NULL DEFAULT '{}'");
    }
    db.exec("PRAGMA user_version=2");
  }
  tx.commit();
}

}  // namespace

std::string uri_path(const std::string& path) {
  std::string out = "file:";
  for (char c : path) {
    if (c == '?' || c == '#' || c == '%') {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

Access read_access(const std::string& path, bool follow) {
  std::error_code ec;
  return follow || std::filesystem::exists(path + "-wal", ec) ? Access::kRead : Access::kReadImmutable;
}

Result<std::unique_ptr<SQLite::Database>> open_store_file(const std::string& path, Access access) {
  const bool read_only = access != Access::kWrite;
  try {
    // NOMUTEX: each connection is used by one thread at a time (the writer, or readers under the
    // store's read lock), so SQLite's own per-call mutexes would be pure cost.
    int flags = (read_only ? SQLite::OPEN_READONLY : (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)) |
                SQLite::OPEN_NOMUTEX;
    std::string name = path;
    if (access == Access::kReadImmutable) {
      flags |= SQLite::OPEN_URI;
      name = uri_path(path) + "?immutable=1";
    }
    auto db = std::make_unique<SQLite::Database>(name, flags, 10000 /* busy timeout, ms */);
    int app_id = db->execAndGet("PRAGMA application_id").getInt();
    int tables = db->execAndGet("SELECT count(*) FROM sqlite_master").getInt();
    if (read_only && app_id == 0 && tables == 0) {
      return unexpected(Errc::kInvalidArgument, path + " is empty, not an avx-events store");
    }
    if (app_id != kStoreApplicationId && !(app_id == 0 && tables == 0)) {
      return unexpected(Errc::kInvalidArgument, path + " is an SQLite file but not an avx-events store");
    }
    db->exec("PRAGMA mmap_size=268435456");  // read pages through the page cache, not a syscall each
    if (!read_only) {
      db->exec("PRAGMA journal_mode=WAL");
      db->exec("PRAGMA synchronous=FULL");
      if (app_id == 0) {
        SQLite::Transaction tx(*db, SQLite::TransactionBehavior::IMMEDIATE);
        db->exec(kSchema);
        db->exec("PRAGMA application_id=" + std::to_string(kStoreApplicationId));
        db->exec("PRAGMA user_version=" + std::to_string(kStoreFormatVersion));
        tx.commit();
      }
    }
    if (!read_only) {
      // Added after format 1 shipped; creating them when absent keeps older files readable.
      db->exec("CREATE TABLE IF NOT EXISTS snapshots (stream TEXT PRIMARY KEY, version INTEGER NOT NULL, "
               "type TEXT NOT NULL, schema_version INTEGER NOT NULL, payload BLOB NOT NULL, taken_at INTEGER NOT NULL)");
      db->exec("CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)");
    }
    int format = db->execAndGet("PRAGMA user_version").getInt();
    if (format == 1 && !read_only) {
      upgrade_from_1(*db);
      format = db->execAndGet("PRAGMA user_version").getInt();
    }
    if (format != kStoreFormatVersion) {
      return unexpected(Errc::kInvalidArgument,
                        path + " has store format " + std::to_string(format) + "; this build reads format " +
                            std::to_string(kStoreFormatVersion) +
                            (format < kStoreFormatVersion ? " (a service that opens it for writing upgrades it)"
                                                          : ": upgrade avx-events"));
    }
    return db;
  } catch (const SQLite::Exception& e) {
    return unexpected(Errc::kUnavailable, "cannot open event store " + path + ": " + e.what());
  }
}

std::string_view StatementRow::bytes(int column) const {
  SQLite::Column value = q_.getColumn(column);
  return column_bytes(value.getBlob(), value.getBytes());
}

void bind_origin(SQLite::Statement& q, int first, const Origin& origin, std::string& headers_json) {
  headers_json = headers_to_json(origin.headers);
  q.bindNoCopy(first, origin.user_id);
  q.bindNoCopy(first + 1, origin.source);
  q.bindNoCopy(first + 2, headers_json);
}

std::array<char, 16> id_bytes(const EventId& id) {
  std::array<char, 16> out{};
  for (int i = 0; i < 8; ++i) {
    out[i] = static_cast<char>(id.high() >> (56 - 8 * i));
    out[8 + i] = static_cast<char>(id.low() >> (56 - 8 * i));
  }
  return out;
}

EventId id_from_bytes(std::string_view bytes) {
  if (bytes.size() != 16) return EventId();
  auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
  std::uint64_t high = 0, low = 0;
  for (int i = 0; i < 8; ++i) {
    high = (high << 8) | b[i];
    low = (low << 8) | b[8 + i];
  }
  return EventId(high, low);
}

}  // namespace avx::events::detail
