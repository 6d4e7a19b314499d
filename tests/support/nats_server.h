#pragma once

// A nats-server with JetStream that a test starts for itself: loopback only, a free port chosen
// by the server (-p -1, read back from its ports file), its store in a fresh temp dir. Stopped
// (SIGINT, then SIGKILL if it lingers) and its dir removed when the object goes, also when the
// test fails. kill() and restart() are for fault tests; they only ever touch this server.

#include <string>
#include <sys/types.h>

namespace avx::testing {

class NatsServer {
 public:
  NatsServer();  // starts it; throws std::runtime_error when it cannot
  ~NatsServer();
  NatsServer(const NatsServer&) = delete;
  NatsServer& operator=(const NatsServer&) = delete;

  // nats://127.0.0.1:PORT
  const std::string& url() const { return url_; }

  void kill();     // SIGKILL, as a crash
  void restart();  // starts again on the same port and store dir

 private:
  void start(int port);
  void stop();

  std::string dir_;
  std::string url_;
  int port_ = -1;
  pid_t pid_ = -1;
};

}  // namespace avx::testing
