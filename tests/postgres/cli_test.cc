// The event-sourcing example on PostgreSQL (AVX_STORE_URL), and the CLI's store and dlq commands
// on the database it wrote: the same output as on SQLite, read-only sessions that create nothing.
//
// Arguments: the avx-events binary, the example binary.

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <postgresql/libpq-fe.h>

#include "tests/postgres/fresh_schema.h"

namespace {

std::string tool, example;

struct Ran {
  int status = -1;
  std::string out;  // stdout and stderr
};

Ran run(const std::string& command) {
  Ran r;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buffer;
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) r.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string new_database(const std::string& name) {
  PGconn* admin = PQconnectdb(avx::testing::shared_postgres().conninfo().c_str());
  PGresult* made = PQexec(admin, ("CREATE DATABASE " + name).c_str());
  EXPECT_EQ(PQresultStatus(made), PGRES_COMMAND_OK) << PQerrorMessage(admin);
  PQclear(made);
  PQfinish(admin);
  return avx::testing::shared_postgres().url(name);
}

bool has_tables(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  PGresult* r = PQexec(c, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'avx_%'");
  const bool some = PQresultStatus(r) == PGRES_TUPLES_OK && std::string(PQgetvalue(r, 0, 0)) != "0";
  PQclear(r);
  PQfinish(c);
  return some;
}

TEST(PostgresCli, TheExampleRunsOnAvxStoreUrlAndTheCliReadsWhatItWrote) {
  const std::string url = new_database("bank");
  const std::string env = "AVX_STORE_URL='" + url + "' ";
  Ran first = run(env + example);
  ASSERT_EQ(first.status, 0) << first.out;
  EXPECT_NE(first.out.find("replayed from version-1 data: owner Grace Hopper, currency EUR"), std::string::npos);
  Ran second = run(env + example);
  ASSERT_EQ(second.status, 0) << second.out;
  EXPECT_NE(second.out.find(": 5 events so far"), std::string::npos) << second.out;

  Ran stats = run(tool + " store stats --db '" + url + "'");
  ASSERT_EQ(stats.status, 0) << stats.out;
  EXPECT_NE(stats.out.find(": 8 events in 2 streams\n"), std::string::npos) << stats.out;
  Ran streams = run(tool + " store streams --db '" + url + "'");
  EXPECT_EQ(streams.out, "Account-ada v7\nAccount-legacy v1\n");
  Ran then = run(tool + " store read --db '" + url + "' --stream Account-ada --to-version 2");
  ASSERT_EQ(then.status, 0) << then.out;
  EXPECT_EQ(std::count(then.out.begin(), then.out.end(), '\n'), 2) << then.out;
  EXPECT_NE(then.out.find(" Account-ada v2 "), std::string::npos) << then.out;
  Ran letters = run(tool + " dlq list --db '" + url + "'");
  EXPECT_EQ(letters.status, 0) << letters.out;
}

TEST(PostgresCli, LookingAtADatabaseWithoutAStoreCreatesNothing) {
  const std::string url = new_database("empty");
  Ran stats = run(tool + " store stats --db '" + url + "'");
  EXPECT_EQ(stats.status, 2) << stats.out;
  EXPECT_NE(stats.out.find("no avx-events store in this database"), std::string::npos) << stats.out;
  Ran letters = run(tool + " dlq list --db '" + url + "'");
  EXPECT_EQ(letters.status, 2) << letters.out;
  EXPECT_FALSE(has_tables(url));
  Ran nowhere = run(tool + " store stats --db 'postgresql:///x?host=/nonexistent'");
  EXPECT_EQ(nowhere.status, 2);
  EXPECT_NE(nowhere.out.find("cannot connect to PostgreSQL"), std::string::npos) << nowhere.out;
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 3) {
    std::fprintf(stderr, "usage: cli_test AVX_EVENTS EXAMPLE\n");
    return 2;
  }
  tool = argv[1];
  example = argv[2];
  return RUN_ALL_TESTS();
}
