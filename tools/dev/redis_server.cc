#include "tools/dev/redis_server.h"

#include <chrono>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tools/dev/child_process.h"
#include "tools/dev/temp_dir.h"

namespace avx::dev {
namespace {

using namespace std::chrono_literals;

// Whether the server at `path` answers PING with PONG (not, say, -LOADING while it reads its
// append-only file after a restart).
bool answers(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
  bool pong = false;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      ::write(fd, "PING\r\n", 6) == 6) {
    char reply[16] = {};
    pong = ::read(fd, reply, sizeof(reply) - 1) > 0 && std::strncmp(reply, "+PONG", 5) == 0;
  }
  ::close(fd);
  return pong;
}

}  // namespace

RedisServer::RedisServer() : dir_(make_temp_dir("avx-redis")) {
  socket_ = dir_ + "/redis.sock";
  url_ = "unix://" + socket_;
  try {
    start();
  } catch (...) {
    remove_temp_dir(dir_);
    throw;
  }
}

RedisServer::~RedisServer() {
  stop();
  remove_temp_dir(dir_);
}

void RedisServer::start() {
  pid_ = spawn({"redis-server", "--port", "0", "--unixsocket", socket_, "--unixsocketperm", "700", "--save", "",
                "--appendonly", "yes", "--dir", dir_, "--logfile", dir_ + "/redis.log", "--daemonize", "no"});
  auto until = std::chrono::steady_clock::now() + 20s;
  while (!answers(socket_)) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("RedisServer: redis-server exited at start (is it installed? see " + dir_ +
                               "/redis.log)");
    }
    if (std::chrono::steady_clock::now() > until) {
      stop();
      throw std::runtime_error("RedisServer: redis-server did not answer within 20 s (see " + dir_ + "/redis.log)");
    }
    std::this_thread::sleep_for(10ms);
  }
}

void RedisServer::stop() {
  stop_child(pid_, SIGTERM, 10s);
  pid_ = -1;
}

void RedisServer::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void RedisServer::restart() {
  stop();
  start();
}

}  // namespace avx::dev
