#include "tests/support/nats_server.h"

#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace avx::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "avx-nats.XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("NatsServer: mkdtemp failed");
  return pattern;
}

// The ports file nats-server writes once it listens: {"nats":["nats://127.0.0.1:PORT"], ...}.
int read_port(const fs::path& dir, pid_t pid) {
  fs::path file = dir / ("nats-server_" + std::to_string(pid) + ".ports");
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  const std::string prefix = "nats://127.0.0.1:";
  const std::size_t at = s.find(prefix);
  if (at == std::string::npos) return -1;
  int port = -1;
  const char* first = s.data() + at + prefix.size();
  auto [end, ec] = std::from_chars(first, s.data() + s.size(), port);
  return ec == std::errc() && end != first ? port : -1;
}

bool exited(pid_t pid, std::chrono::milliseconds within) {
  auto until = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < until) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

}  // namespace

NatsServer::NatsServer() : dir_(make_temp_dir()) {
  try {
    start(-1);
  } catch (...) {
    fs::remove_all(dir_);
    throw;
  }
}

NatsServer::~NatsServer() {
  stop();
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

void NatsServer::start(int port) {
  std::vector<std::string> args = {"nats-server", "-js", "-sd", dir_ + "/store", "-a", "127.0.0.1",
                                   "-p", std::to_string(port), "--ports_file_dir", dir_,
                                   "-l", dir_ + "/server.log"};
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("NatsServer: fork failed");
  if (pid_ == 0) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp("nats-server", argv.data());
    std::_Exit(127);  // not installed: tools/setup installs nats-server
  }
  auto until = std::chrono::steady_clock::now() + 20s;
  while ((port_ = read_port(dir_, pid_)) < 0) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("NatsServer: nats-server exited at start (is it installed? see " + dir_ +
                               "/server.log)");
    }
    if (std::chrono::steady_clock::now() > until) {
      stop();
      throw std::runtime_error("NatsServer: nats-server wrote no ports file within 20 s");
    }
    std::this_thread::sleep_for(10ms);
  }
  url_ = "nats://127.0.0.1:" + std::to_string(port_);
}

void NatsServer::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGINT);
  if (!exited(pid_, 10s)) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  pid_ = -1;
}

void NatsServer::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void NatsServer::restart() {
  stop();
  start(port_);  // the ports file is named after the new process, so no stale one is read
}

}  // namespace avx::testing
