#pragma once

// A redis-server that a process (a test, a benchmark, the distributed example) starts for itself:
// no TCP port, a Unix socket in a fresh temp dir, no snapshots, the append-only file on (so a
// restart keeps what was acknowledged). Stopped (SIGTERM, then SIGKILL if it lingers) and its dir
// removed when the object goes, also when the test fails. kill() and restart() are for fault
// tests; they only ever touch this server.

#include <string>

#include <sys/types.h>

namespace avx::dev {

class RedisServer {
 public:
  RedisServer();  // starts it and waits until it answers PING; throws std::runtime_error when it cannot
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // unix:///tmp/avx-redis.XXXXXX/redis.sock
  const std::string& url() const { return url_; }
  const std::string& socket() const { return socket_; }

  void kill();     // SIGKILL, as a crash
  void restart();  // starts again on the same socket and dir (its append-only file)

 private:
  void start();
  void stop();

  std::string dir_;
  std::string socket_;
  std::string url_;
  pid_t pid_ = -1;
};

}  // namespace avx::dev
