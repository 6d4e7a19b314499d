#pragma once

// A thin owner of a libpq connection: parameterized statements only (text parameters, binary
// ones for bytes), binary results, and errors as Results. Not thread-safe: one user at a time.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <postgresql/libpq-fe.h>

#include "avx/events/result.h"

namespace avx::events::pg {

struct Param {
  std::string owned;
  const char* borrowed = nullptr;  // when set: `size` bytes that outlive the statement's run
  std::size_t size = 0;
  bool binary = false;  // bytea: the bytes as they are

  std::string_view value() const { return borrowed != nullptr ? std::string_view(borrowed, size) : owned; }
};
inline Param text(std::string value) { return {std::move(value)}; }
inline Param number(std::int64_t value) { return {std::to_string(value)}; }
// A version, position, id or count: unsigned here, a bigint there (clamped to its largest value).
inline std::int64_t clamped(std::uint64_t value) {
  return static_cast<std::int64_t>(std::min<std::uint64_t>(value, std::numeric_limits<std::int64_t>::max()));
}
inline Param natural(std::uint64_t value) { return number(clamped(value)); }
inline Param bytes(std::string value) { return {std::move(value), nullptr, 0, true}; }
// For a bigint column only (the server takes the 8 bytes as int8): no decimal text to write and
// parse, and no allocation for 19 digits of nanoseconds.
inline Param bigint(std::int64_t value) {
  std::string be(8, '\0');
  for (int i = 7; i >= 0; --i, value = static_cast<std::int64_t>(static_cast<std::uint64_t>(value) >> 8)) {
    be[static_cast<std::size_t>(i)] = static_cast<char>(value & 0xff);
  }
  return {std::move(be), nullptr, 0, true};
}
inline Param bigint(std::uint64_t value) { return bigint(clamped(value)); }
// Without a copy, for a batch's many rows: the caller keeps `value` alive until the statement ran.
inline Param text_view(std::string_view value) { return {{}, value.data() != nullptr ? value.data() : "", value.size()}; }
inline Param bytes_view(std::string_view value) {
  return {{}, value.data() != nullptr ? value.data() : "", value.size(), true};
}

// A statement and its parameters, for a pipeline. A named one is prepared on the connection the
// first time it runs there (parsed and planned once, not every time).
struct Statement {
  std::string sql;
  std::vector<Param> params;
  std::string name = {};
};

// A query's rows, in binary format.
class Rows {
 public:
  explicit Rows(PGresult* result) : result_(result, &PQclear) {}
  int size() const { return PQntuples(result_.get()); }
  bool null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  std::string_view bytes(int row, int column) const;  // text and bytea columns
  std::int64_t int8(int row, int column) const;
  std::int32_t int4(int row, int column) const;

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> result_;
};

// How every session of a connection (after a reconnect too) is set up.
struct Session {
  bool read_only = false;     // every transaction is read-only: the server refuses any write
  bool lookups_only = false;  // only looks rows up by key: never plan a table scan
};

class Connection {
 public:
  static Result<std::unique_ptr<Connection>> open(const std::string& conninfo, Session session = {});
  ~Connection();

  // Runs a statement with parameters $1..$n; errors carry the server's message and SQLSTATE (a
  // lost connection is kUnavailable). Outside a transaction, a statement that met a lost
  // connection is run once more on a new one.
  Result<Rows> exec(const char* sql, const std::vector<Param>& params = {});
  // Statements without parameters or results, e.g. a schema (several statements in one string).
  Status exec_script(const char* sql);
  // Reading ahead: sends a statement and returns at once; receive() then waits for its result.
  // Until it is received the connection runs nothing else.
  bool send_only(const Statement& statement) { return send(statement); }
  Result<Rows> receive(const char* sql);
  // Sends every statement at once and then reads their results (libpq's pipeline mode): one round
  // trip for all. The first failure is the result (the statements after it did not run).
  Result<std::vector<Rows>> pipeline(const std::vector<Statement>& statements);

  // For LISTEN: the socket to wait on, reading what arrived (false when the connection is lost),
  // and the notifications read so far (the server process ids that sent them).
  int socket() const { return PQsocket(connection_); }
  bool consume_input();
  std::vector<int> take_notifications();
  int backend_pid() const { return PQbackendPID(connection_); }
  bool ok() const { return PQstatus(connection_) == CONNECTION_OK; }
  bool reset();  // reconnects with the same conninfo

 private:
  Connection(PGconn* connection, Session session) : connection_(connection), session_(session) {}
  bool start_session();  // what every session begins with
  template <class Run>
  Result<Rows> finish(Run run, const char* sql);
  bool send(const Statement& statement);
  // A step of a pipeline: running a statement, or preparing it first.
  struct Step {
    const Statement* statement;
    bool prepare;
  };
  Status read_pipeline(const std::vector<Step>& steps, std::vector<Rows>& rows);
  PGconn* connection_;
  Session session_;
  std::set<std::string, std::less<>> prepared_;  // named statements this session has
};

}  // namespace avx::events::pg
