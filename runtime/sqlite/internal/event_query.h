#pragma once

// The statements that read events, through SQLite's C API. A replay reads 13 columns of every
// event, and SQLiteCpp makes each column read an object holding a shared_ptr to its statement (an
// atomic increment and decrement per column).

#include <cstdint>
#include <string>
#include <string_view>

#include "avx/events/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace avx::events::detail {

class EventQuery {
 public:
  // Throws SQLite::Exception when SQLite refuses `sql`.
  EventQuery(sqlite3* db, const std::string& sql);
  ~EventQuery();
  EventQuery(const EventQuery&) = delete;
  EventQuery& operator=(const EventQuery&) = delete;

  void bind(int index, std::int64_t value);
  void bind(int index, std::string_view text);  // not copied: `text` must outlive the steps

  // True at a row, false when done; an error says why SQLite stopped.
  Result<bool> step();

  // Ends the result (a statement left mid-result keeps an old WAL snapshot open, so later reads
  // would be stale) and clears the bindings.
  void reset();

  // The current row's columns (a Row for read_event).
  std::string_view bytes(int column) const;  // text or blob; empty for an empty value
  std::int64_t int64(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace avx::events::detail
