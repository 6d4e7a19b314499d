#pragma once

// A nats-server with JetStream that a process (a test, the distributed example) starts for
// itself: loopback only, a free port chosen by the server (-p -1, read back from its ports file),
// its store in a fresh temp dir. Stopped (SIGINT, then SIGKILL if it lingers) and its dir removed
// when the object goes, also when the test fails. kill() and restart() are for fault tests; they only ever touch this server.

#include <string>
#include <sys/types.h>

namespace avx::dev {

struct NatsServerOptions {
  // More server configuration, in nats-server's syntax (e.g. an authorization block). `{dir}`
  // stands for the server's temp dir.
  std::string config;
  // Makes a CA, a certificate for 127.0.0.1 signed by it and a client certificate (openssl), and
  // the server then requires TLS and verifies clients: see file("ca.pem"), file("client.pem"),
  // file("client-key.pem").
  bool tls = false;
};

class NatsServer {
 public:
  explicit NatsServer(NatsServerOptions options = {});  // starts it; throws std::runtime_error when it cannot
  ~NatsServer();
  NatsServer(const NatsServer&) = delete;
  NatsServer& operator=(const NatsServer&) = delete;

  // nats://127.0.0.1:PORT
  const std::string& url() const { return url_; }
  // A file in the server's temp dir.
  std::string file(const std::string& name) const { return dir_ + "/" + name; }

  void kill();     // SIGKILL, as a crash
  void restart();  // starts again on the same port and store dir

 private:
  void start(int port);
  void write_config(const NatsServerOptions& options);
  void stop();

  std::string dir_;
  bool has_config_ = false;
  std::string url_;
  int port_ = -1;
  pid_t pid_ = -1;
};

}  // namespace avx::dev
