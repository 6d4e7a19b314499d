#pragma once

// The SQLite file format of the event store: WAL, synchronous=FULL (an acknowledged append
// survives power loss), and a marker so a foreign file is refused rather than written into.

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "avx/events/event_id.h"
#include "avx/events/result.h"
#include "avx/events/store.h"
#include "runtime/store/backend/store_rules.h"

namespace avx::events::detail {

inline constexpr int kStoreApplicationId = 0x41565845;  // "AVXE"
// 2 added the origin columns (user_id, source, headers); a writer upgrades a format 1 file in place.
inline constexpr int kStoreFormatVersion = 2;

enum class Access {
  kWrite,          // creates the file and its tables when absent
  kRead,           // an existing store; SQLite may add the -wal and -shm files it needs to follow a live one
  kReadImmutable,  // an existing store nobody writes now: no file is created at all
};

// How to read an existing store: immutable when nobody writes it now (no -wal file), so SQLite
// creates no file; else, or to `follow` later appends, as a reader of a live WAL database.
Access read_access(const std::string& path, bool follow);

// Opens and checks the format; SQLite exceptions become errors. Reading a file that is empty or not
// a store is an error.
Result<std::unique_ptr<SQLite::Database>> open_store_file(const std::string& path, Access access);

// The columns of a stored event, in this order, wherever a table keeps one (events, dead_letters).
inline constexpr const char* kEventColumns =
    "stream, version, position, event_id, type, schema_version, timestamp, correlation_id, causation_id, "
    "user_id, source, headers, payload";

EventId id_from_bytes(std::string_view bytes);  // big-endian; a null id unless 16 bytes

// A text or blob column's bytes as SQLite returns them: an empty value reads as a null pointer.
inline std::string_view column_bytes(const void* data, int size) {
  if (data == nullptr || size <= 0) return {};
  return {static_cast<const char*>(data), static_cast<std::size_t>(size)};
}

// The current row of a SQLiteCpp statement, column by column.
class StatementRow {
 public:
  explicit StatementRow(SQLite::Statement& q) : q_(q) {}
  std::string_view bytes(int column) const;  // text or blob; empty for an empty value
  std::int64_t int64(int column) const { return q_.getColumn(column).getInt64(); }

 private:
  SQLite::Statement& q_;
};

// Reads the kEventColumns of the current row (a StatementRow or an EventQuery's row), starting at
// column `first`, into `e`. Assigning into `e`'s strings reuses their buffers. Headers that are not
// what a writer stores are an error.
template <class Row>
Status read_event(const Row& row, int first, RecordedEvent& e) {
  e.stream.assign(row.bytes(first));
  e.version = static_cast<std::uint64_t>(row.int64(first + 1));
  e.position = static_cast<std::uint64_t>(row.int64(first + 2));
  e.event_id = id_from_bytes(row.bytes(first + 3));
  e.type.assign(row.bytes(first + 4));
  e.schema_version = static_cast<std::uint32_t>(row.int64(first + 5));
  e.timestamp = timestamp_from_nanos(row.int64(first + 6));
  e.correlation_id.assign(row.bytes(first + 7));
  e.causation_id.assign(row.bytes(first + 8));
  e.origin.user_id.assign(row.bytes(first + 9));
  e.origin.source.assign(row.bytes(first + 10));
  e.payload.assign(row.bytes(first + 12));
  return read_stored_headers(row.bytes(first + 11), e.position, e.origin.headers);
}

// Binds `e`'s origin to the parameters `first` (user_id), first + 1 (source) and first + 2
// (headers); the headers' JSON is kept in `headers_json`, which must outlive the statement's exec.
void bind_origin(SQLite::Statement& q, int first, const Origin& origin, std::string& headers_json);

std::array<char, 16> id_bytes(const EventId& id);  // big-endian

}  // namespace avx::events::detail
