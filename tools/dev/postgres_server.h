#pragma once

// A PostgreSQL 15 server that a process (a test, an example) starts for itself: a fresh cluster
// (initdb, trust authentication) in a temp dir under /tmp, listening only on a Unix socket in that
// dir (no TCP port at all), with fsync off unless asked (a killed server loses nothing; only a
// machine crash would). The server is this process's child: stopped (a fast shutdown, then
// SIGKILL) and its dir removed when the object goes, also when a test fails, and shut down at once
// when the process ends some other way (killed by a timeout, say); its dir then goes when the next
// server is made (temp_dir.h). initdb refuses to run as root: as root, the cluster is made and run
// as the unprivileged `postgres` user, who is given the dir. kill() and restart() are for fault
// tests; they only ever touch this server.

#include <string>
#include <sys/types.h>

namespace avx::dev {

struct PostgresServerOptions {
  bool fsync = false;  // on for crash tests: what a commit acknowledged must survive a kill
};

class PostgresServer {
 public:
  // Starts it; throws std::runtime_error (naming its log) when it cannot.
  explicit PostgresServer(PostgresServerOptions options = {});
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // For PQconnectdb: "host=<socket dir> port=5432 dbname=postgres user=<superuser>".
  const std::string& conninfo() const { return conninfo_; }
  // The same as a URL, for the database `dbname`: "postgresql:///<dbname>?host=<socket dir>&...".
  std::string url(const std::string& dbname = "postgres") const;
  const std::string& dir() const { return dir_; }

  void kill();     // SIGKILL to the server and every process of it, as a crash
  void restart();  // starts again on the same data (crash recovery replays the WAL)

 private:
  void start();
  void stop();

  std::string dir_;
  std::string bin_;  // the server's programs
  std::string user_;  // the cluster's superuser: postgres when we are root, else ourselves
  std::string conninfo_;
  PostgresServerOptions options_;
  bool running_ = false;
  pid_t postmaster_ = -1;
};

}  // namespace avx::dev
