#pragma once

// One PostgreSQL server per test binary (started on first use, stopped at exit), and a schema of
// its own per test, so that every test starts with empty tables.

#include <atomic>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <postgresql/libpq-fe.h>

#include <avx/events/postgres.h>

#include "tools/dev/postgres_server.h"

namespace avx::testing {

inline dev::PostgresServer& shared_postgres() {
  static dev::PostgresServer server;
  return server;
}

// A conninfo whose tables live in a new, empty schema (search_path); empty when it could not be
// made (the failure is reported to the test).
inline std::string fresh_schema_conninfo() {
  static std::atomic<int> next{0};
  const std::string schema = "t_" + std::to_string(++next);
  PGconn* admin = PQconnectdb(shared_postgres().conninfo().c_str());
  PGresult* made = PQexec(admin, ("CREATE SCHEMA " + schema).c_str());
  const bool ok = PQresultStatus(made) == PGRES_COMMAND_OK;
  if (!ok) ADD_FAILURE() << "CREATE SCHEMA " << schema << ": " << PQerrorMessage(admin);
  PQclear(made);
  PQfinish(admin);
  return ok ? shared_postgres().conninfo() + " options='-csearch_path=" + schema + "'" : std::string();
}

// A store in a fresh schema; null when it could not be opened (the failure is reported).
inline std::unique_ptr<events::EventStore> fresh_postgres_store() {
  const std::string conninfo = fresh_schema_conninfo();
  if (conninfo.empty()) return nullptr;
  auto store = events::open_postgres_store(conninfo);
  if (!store) {
    ADD_FAILURE() << store.error().message();
    return nullptr;
  }
  return std::move(*store);
}

}  // namespace avx::testing
