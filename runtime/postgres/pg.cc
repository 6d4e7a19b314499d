#include "runtime/postgres/internal/pg.h"

#include <chrono>
#include <cstring>
#include <thread>

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
  if (state != nullptr && std::strcmp(state, "25006") == 0) {  // read_only_sql_transaction
    return unexpected(Errc::kFailedPrecondition, "the event store was opened read-only (in: " + where + ")");
  }
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

Result<std::unique_ptr<Connection>> Connection::open(const std::string& conninfo, Session session) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  if (c == nullptr) return unexpected(Errc::kUnavailable, "PostgreSQL: out of memory connecting");
  if (PQstatus(c) != CONNECTION_OK) {
    std::string message = PQerrorMessage(c);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    PQfinish(c);
    return unexpected(Errc::kUnavailable, "cannot connect to PostgreSQL: " + message);
  }
  std::unique_ptr<Connection> connection(new Connection(c, session));
  if (!connection->start_session()) {
    return unexpected(Errc::kUnavailable, "PostgreSQL: cannot set the session up: " + std::string(PQerrorMessage(c)));
  }
  return connection;
}

bool Connection::start_session() {
  auto set = [&](const char* sql) {
    PGresult* result = PQexec(connection_, sql);
    const bool done = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    return done;
  };
  // A prepared statement's generic plan is made once; one made while a table was small may scan
  // it, and keep scanning as it grows. A session that only looks rows up by key forbids that.
  return (!session_.read_only || set("SET default_transaction_read_only = on")) &&
         (!session_.lookups_only || set("SET enable_seqscan = off"));
}

Connection::~Connection() { PQfinish(connection_); }

Result<Rows> Connection::exec(const char* sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  for (const Param& p : params) {
    values.push_back(p.value().data());
    lengths.push_back(static_cast<int>(p.value().size()));
    formats.push_back(p.binary ? 1 : 0);
  }
  auto run = [&] {
    return PQexecParams(connection_, sql, static_cast<int>(params.size()), nullptr, values.data(), lengths.data(),
                        formats.data(), /*resultFormat=*/1);
  };
  return finish(run, sql);
}

Status Connection::exec_script(const char* sql) {
  auto rows = finish([&] { return PQexec(connection_, sql); }, sql);
  if (!rows) return Unexpected{rows.error()};
  return {};
}

// Outside a transaction, a statement that failed because the connection was lost (the server
// restarted, or ended this session) is sent once more on a new connection: nothing of it was done.
template <class Run>
Result<Rows> Connection::finish(Run run, const char* sql) {
  const bool idle = PQtransactionStatus(connection_) == PQTRANS_IDLE;
  PGresult* result = run();
  auto succeeded = [&] {
    const ExecStatusType status = PQresultStatus(result);
    return status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
  };
  if (!succeeded() && idle && !ok() && reset()) {
    PQclear(result);
    result = run();
  }
  if (!succeeded()) {
    auto error = failure(connection_, result, sql);
    PQclear(result);
    return error;
  }
  return Rows(result);
}

Result<std::vector<Rows>> Connection::pipeline(const std::vector<Statement>& statements) {
  std::vector<Rows> rows;
  rows.reserve(statements.size());
  std::vector<Step> steps;
  std::set<std::string_view> preparing;  // once each, though a pipeline may run one many times
  for (const Statement& statement : statements) {
    if (!statement.name.empty() && !prepared_.contains(statement.name) && preparing.insert(statement.name).second) {
      steps.push_back({&statement, true});
    }
    steps.push_back({&statement, false});
  }
  if (PQenterPipelineMode(connection_) != 1) return failure(connection_, nullptr, "pipeline");
  bool sent = true;
  for (const Step& step : steps) {
    const Statement& st = *step.statement;
    if (step.prepare) {
      sent = sent && PQsendPrepare(connection_, st.name.c_str(), st.sql.c_str(), static_cast<int>(st.params.size()),
                                   nullptr) == 1;
    } else {
      sent = sent && send(st);
    }
  }
  sent = sent && PQpipelineSync(connection_) == 1;
  Status read = sent ? read_pipeline(steps, rows) : Status(failure(connection_, nullptr, "pipeline"));
  if (PQexitPipelineMode(connection_) != 1 && read) read = failure(connection_, nullptr, "pipeline");
  if (!read) return Unexpected{read.error()};
  return rows;
}

Result<Rows> Connection::receive(const char* sql) {
  PGresult* result = PQgetResult(connection_);
  while (PGresult* extra = PQgetResult(connection_)) PQclear(extra);  // up to the null after it
  if (result == nullptr) return failure(connection_, nullptr, sql);
  const ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    auto error = failure(connection_, result, sql);
    PQclear(result);
    return error;
  }
  return Rows(result);
}

bool Connection::send(const Statement& statement) {
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  values.reserve(statement.params.size());
  lengths.reserve(statement.params.size());
  formats.reserve(statement.params.size());
  for (const Param& p : statement.params) {
    values.push_back(p.value().data());
    lengths.push_back(static_cast<int>(p.value().size()));
    formats.push_back(p.binary ? 1 : 0);
  }
  const int n = static_cast<int>(values.size());
  if (!statement.name.empty()) {
    return PQsendQueryPrepared(connection_, statement.name.c_str(), n, values.data(), lengths.data(), formats.data(),
                               /*resultFormat=*/1) == 1;
  }
  return PQsendQueryParams(connection_, statement.sql.c_str(), n, nullptr, values.data(), lengths.data(),
                           formats.data(), /*resultFormat=*/1) == 1;
}

// Each step's result (then a null), and the sync's. Stops at a lost connection.
Status Connection::read_pipeline(const std::vector<Step>& steps, std::vector<Rows>& rows) {
  Status outcome;
  for (const Step& step : steps) {
    const char* sql = step.statement->sql.c_str();
    PGresult* result = PQgetResult(connection_);
    if (result == nullptr) return failure(connection_, nullptr, sql);
    const ExecStatusType status = PQresultStatus(result);
    const bool succeeded = status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
    if (succeeded && step.prepare) {
      prepared_.insert(step.statement->name);
      PQclear(result);
    } else if (succeeded) {
      rows.emplace_back(result);
    } else {
      if (outcome) outcome = failure(connection_, result, sql);
      PQclear(result);
    }
    while (PGresult* extra = PQgetResult(connection_)) PQclear(extra);  // up to the null after each
    if (!ok()) return outcome ? Status(failure(connection_, nullptr, sql)) : outcome;
  }
  PGresult* sync = PQgetResult(connection_);
  if (sync == nullptr || PQresultStatus(sync) != PGRES_PIPELINE_SYNC) {
    PQclear(sync);
    return outcome ? Status(failure(connection_, nullptr, "pipeline sync")) : outcome;
  }
  PQclear(sync);
  return outcome;
}

bool Connection::consume_input() { return PQconsumeInput(connection_) == 1 && ok(); }

std::vector<int> Connection::take_notifications() {
  std::vector<int> senders;
  while (PGnotify* n = PQnotifies(connection_)) {
    senders.push_back(n->be_pid);
    PQfreemem(n);
  }
  return senders;
}

// A lost connection is reopened with backoff (20 ms, doubling, about 1.3 s in all), so a server
// that restarts is found again, and one that stays down is an error soon, never a hang.
bool Connection::reset() {
  prepared_.clear();  // a new session has none
  for (int attempt = 0; attempt < 7; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10 << attempt));
    PQreset(connection_);
    if (ok() && start_session()) return true;
  }
  return false;
}

}  // namespace avx::events::pg
