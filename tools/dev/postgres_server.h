#pragma once

// A PostgreSQL 15 server that a process (a test, an example) starts for itself: a fresh cluster
// (initdb, trust authentication) in a temp dir under /tmp, listening only on a Unix socket in that
// dir (no TCP port at all), with fsync off (a killed server loses nothing; only a machine crash
// would). Stopped (pg_ctl stop -m fast, then SIGKILL) and its dir removed when the object goes,
// also when a test fails. initdb refuses to run as root: as root, the cluster is made and run as
// the unprivileged `postgres` user, who is given the dir.

#include <string>
#include <sys/types.h>

namespace avx::dev {

class PostgresServer {
 public:
  PostgresServer();  // starts it; throws std::runtime_error (naming its log) when it cannot
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // For PQconnectdb: "host=<socket dir> port=5432 dbname=postgres user=<superuser>".
  const std::string& conninfo() const { return conninfo_; }
  // The same as a URL, for the database `dbname`: "postgresql:///<dbname>?host=<socket dir>&...".
  std::string url(const std::string& dbname = "postgres") const;
  const std::string& dir() const { return dir_; }

 private:
  void stop();

  std::string dir_;
  std::string bin_;  // the server's programs
  std::string user_;  // the cluster's superuser: postgres when we are root, else ourselves
  std::string conninfo_;
  bool running_ = false;
};

}  // namespace avx::dev
