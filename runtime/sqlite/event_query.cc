#include "runtime/sqlite/internal/event_query.h"

#include <sqlite3.h>

#include <SQLiteCpp/Exception.h>

#include "runtime/sqlite/internal/sqlite_schema.h"

namespace avx::events::detail {

EventQuery::EventQuery(sqlite3* db, const std::string& sql) : db_(db) {
  const int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &statement_, nullptr);
  if (rc != SQLITE_OK) throw SQLite::Exception(db, rc);
}

EventQuery::~EventQuery() { sqlite3_finalize(statement_); }

void EventQuery::bind(int index, std::int64_t value) { sqlite3_bind_int64(statement_, index, value); }

void EventQuery::bind(int index, std::string_view text) {
  sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

Result<bool> EventQuery::step() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return unexpected(Errc::kUnavailable, std::string("event store read failed: ") + sqlite3_errmsg(db_));
}

void EventQuery::reset() {
  sqlite3_reset(statement_);  // returns the last step's error, already reported by step()
  sqlite3_clear_bindings(statement_);
}

std::string_view EventQuery::bytes(int column) const {
  const void* data = sqlite3_column_blob(statement_, column);  // before its size: SQLite's order
  return column_bytes(data, sqlite3_column_bytes(statement_, column));
}

std::int64_t EventQuery::int64(int column) const { return sqlite3_column_int64(statement_, column); }

}  // namespace avx::events::detail
