// The fixture the PostgreSQL store's tests stand on: a real server of our own, reachable only by
// its Unix socket, that keeps what is committed and leaves nothing behind.

#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <postgresql/libpq-fe.h>

#include "tools/dev/postgres_server.h"

namespace {

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using QueryResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

Connection connect(const std::string& conninfo) { return {PQconnectdb(conninfo.c_str()), &PQfinish}; }

std::string one_value(PGconn* c, const char* sql) {
  QueryResult r(PQexec(c, sql), &PQclear);
  EXPECT_EQ(PQresultStatus(r.get()), PGRES_TUPLES_OK) << sql << ": " << PQerrorMessage(c);
  return PQntuples(r.get()) == 1 ? PQgetvalue(r.get(), 0, 0) : "";
}

TEST(PostgresServer, AnswersOnItsSocketAndKeepsWhatIsCommitted) {
  avx::dev::PostgresServer server;
  Connection c = connect(server.conninfo());
  ASSERT_EQ(PQstatus(c.get()), CONNECTION_OK) << PQerrorMessage(c.get());
  EXPECT_NE(one_value(c.get(), "SELECT version()").find("PostgreSQL 15"), std::string::npos);
  EXPECT_EQ(one_value(c.get(), "SHOW listen_addresses"), "");  // no TCP at all
  QueryResult made(PQexec(c.get(), "CREATE TABLE t (v text); INSERT INTO t VALUES ('kept')"), &PQclear);
  ASSERT_EQ(PQresultStatus(made.get()), PGRES_COMMAND_OK) << PQerrorMessage(c.get());
  Connection other = connect(server.conninfo());
  ASSERT_EQ(PQstatus(other.get()), CONNECTION_OK);
  EXPECT_EQ(one_value(other.get(), "SELECT v FROM t"), "kept");
}

TEST(PostgresServer, LeavesNoProcessAndNoFilesBehind) {
  std::string dir;
  pid_t postmaster = 0;
  {
    avx::dev::PostgresServer server;
    dir = server.dir();
    std::ifstream pid_file(dir + "/data/postmaster.pid");
    ASSERT_TRUE(pid_file >> postmaster);
    ASSERT_EQ(::kill(postmaster, 0), 0);  // running
  }
  EXPECT_FALSE(std::filesystem::exists(dir));
  EXPECT_NE(::kill(postmaster, 0), 0);  // gone (a reaped pid is not reused this fast)
}

TEST(PostgresServer, TwoServersRunSideBySide) {
  avx::dev::PostgresServer a, b;
  EXPECT_NE(a.conninfo(), b.conninfo());
  Connection ca = connect(a.conninfo()), cb = connect(b.conninfo());
  EXPECT_EQ(PQstatus(ca.get()), CONNECTION_OK);
  EXPECT_EQ(PQstatus(cb.get()), CONNECTION_OK);
}

}  // namespace
