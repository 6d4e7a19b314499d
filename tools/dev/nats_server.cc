#include "tools/dev/nats_server.h"

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

#include "tools/dev/child_process.h"
#include "tools/dev/temp_dir.h"

namespace avx::dev {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// The ports file nats-server writes once it listens: {"nats":["nats://127.0.0.1:PORT"], ...}.
int read_port(const fs::path& dir, pid_t pid) {
  fs::path file = dir / ("nats-server_" + std::to_string(pid) + ".ports");
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  std::string prefix = "nats://127.0.0.1:";
  std::size_t at = s.find(prefix);
  if (at == std::string::npos) at = s.find(prefix = "tls://127.0.0.1:");  // a server that requires TLS
  if (at == std::string::npos) return -1;
  int port = -1;
  const char* first = s.data() + at + prefix.size();
  auto [end, ec] = std::from_chars(first, s.data() + s.size(), port);
  return ec == std::errc() && end != first ? port : -1;
}

// A CA, a server certificate for 127.0.0.1 and a client certificate, in `dir`.
void make_certificates(const std::string& dir) {
  const std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  const std::string sign = "-CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2";
  const std::string script =
      "cd '" + dir + "' && "
      "openssl req -x509 " + key + " -keyout ca-key.pem -out ca.pem -days 2 -subj /CN=avx-test-ca && "
      "openssl req " + key + " -keyout server-key.pem -out server.csr -subj /CN=127.0.0.1 && "
      "echo 'subjectAltName=IP:127.0.0.1,DNS:localhost' > server.ext && "
      "openssl x509 -req -in server.csr " + sign + " -out server.pem -extfile server.ext && "
      "openssl req " + key + " -keyout client-key.pem -out client.csr -subj /CN=avx-test-client && "
      "echo 'extendedKeyUsage=clientAuth' > client.ext && "
      "openssl x509 -req -in client.csr " + sign + " -out client.pem -extfile client.ext";
  if (std::system((script + " > openssl.log 2>&1").c_str()) != 0) {
    throw std::runtime_error("NatsServer: openssl could not make test certificates (see " + dir + "/openssl.log)");
  }
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

NatsServer::NatsServer(NatsServerOptions options) : dir_(make_temp_dir("avx-nats")) {
  try {
    write_config(options);
    start(-1);
  } catch (...) {
    remove_temp_dir(dir_);
    throw;
  }
}

NatsServer::~NatsServer() {
  stop();
  remove_temp_dir(dir_);
}

void NatsServer::write_config(const NatsServerOptions& options) {
  std::string config = replace_all(options.config, "{dir}", dir_);
  if (options.tls) {
    make_certificates(dir_);
    config += "\ntls {\n  cert_file: \"" + dir_ + "/server.pem\"\n  key_file: \"" + dir_ +
              "/server-key.pem\"\n  ca_file: \"" + dir_ + "/ca.pem\"\n  verify: true\n}\n";
  }
  if (config.empty()) return;
  std::ofstream(dir_ + "/server.conf") << config;
  has_config_ = true;
}

void NatsServer::start(int port) {
  std::vector<std::string> args = {"nats-server", "-js", "-sd", dir_ + "/store", "-a", "127.0.0.1",
                                   "-p", std::to_string(port), "--ports_file_dir", dir_,
                                   "-l", dir_ + "/server.log"};
  if (has_config_) args.insert(args.end(), {"-c", dir_ + "/server.conf"});
  pid_ = spawn(args);
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
  stop_child(pid_, SIGINT, 10s);
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

}  // namespace avx::dev
