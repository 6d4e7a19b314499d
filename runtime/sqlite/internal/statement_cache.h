#pragma once

// Prepared statements cached per SQLite connection, lent out one at a time.

#include <map>
#include <memory>
#include <string>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace avx::events::detail {

// A prepared statement on loan: reset when the loan ends. A statement left mid-result keeps its
// connection's read transaction, and so an old WAL snapshot, open: later reads would be stale.
class Lease {
 public:
  explicit Lease(SQLite::Statement& statement) : statement_(statement) {}
  ~Lease() {
    // Never throws: reset() would rethrow the error of a failed step (a constraint violation).
    statement_.tryReset();
    statement_.clearBindings();
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  SQLite::Statement& operator*() { return statement_; }
  SQLite::Statement* operator->() { return &statement_; }

 private:
  SQLite::Statement& statement_;
};

// Prepared once per connection and SQL text.
class StatementCache {
 public:
  explicit StatementCache(SQLite::Database& db) : db_(db) {}
  Lease get(const std::string& sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
    return Lease(*it->second);
  }

 private:
  SQLite::Database& db_;
  std::map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

}  // namespace avx::events::detail
