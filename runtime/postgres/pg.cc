#include "runtime/postgres/internal/pg.h"

#include <cstring>

namespace avx::events::pg {
namespace {

template <class Int>
Int big_endian(const char* data) {
  Int out = 0;
  for (std::size_t i = 0; i < sizeof(Int); ++i) out = static_cast<Int>((out << 8) | static_cast<unsigned char>(data[i]));
  return out;
}

// A failed statement as an error: the server's words, and a constraint or lock problem as such.
Unexpected failure(PGconn* connection, PGresult* result, const char* sql) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = PQerrorMessage(connection);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (PQstatus(connection) != CONNECTION_OK) return unexpected(Errc::kUnavailable, "PostgreSQL: " + message);
  const std::string where = std::string(sql).substr(0, 60);
  return unexpected(state != nullptr && std::strncmp(state, "23", 2) == 0 ? Errc::kConflict : Errc::kInternal,
                    "PostgreSQL" + (state != nullptr ? " " + std::string(state) : std::string()) + ": " + message +
                        " (in: " + where + ")");
}

}  // namespace

std::string_view Rows::bytes(int row, int column) const {
  return {PQgetvalue(result_.get(), row, column), static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
}

std::int64_t Rows::int8(int row, int column) const { return big_endian<std::int64_t>(PQgetvalue(result_.get(), row, column)); }

std::int32_t Rows::int4(int row, int column) const { return big_endian<std::int32_t>(PQgetvalue(result_.get(), row, column)); }

Result<std::unique_ptr<Connection>> Connection::open(const std::string& conninfo) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  if (c == nullptr) return unexpected(Errc::kUnavailable, "PostgreSQL: out of memory connecting");
  if (PQstatus(c) != CONNECTION_OK) {
    std::string message = PQerrorMessage(c);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    PQfinish(c);
    return unexpected(Errc::kUnavailable, "cannot connect to PostgreSQL: " + message);
  }
  return std::unique_ptr<Connection>(new Connection(c));
}

Connection::~Connection() { PQfinish(connection_); }

Result<Rows> Connection::exec(const char* sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  for (const Param& p : params) {
    values.push_back(p.value.data());
    lengths.push_back(static_cast<int>(p.value.size()));
    formats.push_back(p.binary ? 1 : 0);
  }
  PGresult* result = PQexecParams(connection_, sql, static_cast<int>(params.size()), nullptr, values.data(),
                                  lengths.data(), formats.data(), /*resultFormat=*/1);
  const ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    auto error = failure(connection_, result, sql);
    PQclear(result);
    return error;
  }
  return Rows(result);
}

Status Connection::exec_script(const char* sql) {
  PGresult* result = PQexec(connection_, sql);
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK;
  if (!ok) {
    auto error = failure(connection_, result, sql);
    PQclear(result);
    return error;
  }
  PQclear(result);
  return {};
}

}  // namespace avx::events::pg
