#include "tools/dev/postgres_server.h"

#include "tools/dev/child_process.h"
#include "tools/dev/temp_dir.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <csignal>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

namespace avx::dev {
namespace {

namespace fs = std::filesystem;

constexpr const char* kServerUser = "postgres";  // whom initdb and the server run as, under root

// Where Debian keeps the server's programs (not on PATH): /usr/lib/postgresql/<major>/bin.
std::string server_bin() {
  for (const char* major : {"15", "16", "17"}) {
    const std::string bin = std::string("/usr/lib/postgresql/") + major + "/bin";
    if (fs::exists(bin + "/initdb")) return bin;
  }
  throw std::runtime_error("PostgresServer: no initdb under /usr/lib/postgresql/*/bin (run tools/setup)");
}

std::string our_user() {
  const passwd* pw = getpwuid(geteuid());
  return pw != nullptr ? pw->pw_name : "postgres";
}

// Runs `args` (as `user` when not empty), its output appended to `log`; its exit status.
int run(const std::vector<std::string>& args, const std::string& user, const std::string& log) {
  const pid_t pid = spawn(args, {user, log});
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string make_dir(const std::string& owner) {
  std::string dir = make_temp_dir("avx-pg", "/tmp");  // short (the socket path has a limit) and open to `owner`
  if (const passwd* pw = getpwnam(owner.c_str()); pw != nullptr && geteuid() == 0) {
    if (chown(dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      remove_temp_dir(dir);
      throw std::runtime_error("PostgresServer: cannot give " + dir + " to " + owner);
    }
  }
  return dir;
}

}  // namespace

PostgresServer::PostgresServer(PostgresServerOptions options)
    : bin_(server_bin()), user_(geteuid() == 0 ? kServerUser : our_user()), options_(options) {
  const std::string as = geteuid() == 0 ? user_ : std::string();
  dir_ = make_dir(user_);
  const std::string log = dir_ + "/server.log";
  try {
    if (run({bin_ + "/initdb", "-D", dir_ + "/data", "-U", user_, "--auth=trust", "--no-sync", "-E", "UTF8",
             "--locale=C.UTF-8"},
            as, log) != 0) {
      throw std::runtime_error("PostgresServer: initdb failed (see " + log + ")");
    }
    start();
  } catch (...) {
    remove_temp_dir(dir_);
    throw;
  }
  conninfo_ = "host=" + dir_ + " port=5432 dbname=postgres user=" + user_;
}

namespace {

// The postmaster says in line 8 of postmaster.pid when it accepts connections (what pg_ctl -w
// waits for).
bool ready(const std::string& data) {
  std::ifstream pid_file(data + "/postmaster.pid");
  std::string line;
  for (int i = 0; i < 8 && std::getline(pid_file, line); ++i) {
    if (i == 7) return line.starts_with("ready");
  }
  return false;
}

}  // namespace

// The server is our child (not pg_ctl's daemon), so that it gets SIGQUIT (an immediate shutdown)
// when this process ends, however it ends: a test killed by its timeout leaves no server behind.
void PostgresServer::start() {
  const std::string log = dir_ + "/server.log";
  const std::string data = dir_ + "/data";
  const SpawnOptions as{geteuid() == 0 ? user_ : std::string(), log, SIGQUIT};
  // After a kill, the old server's processes may take a moment to notice and go.
  for (int attempt = 0; attempt < 20; ++attempt) {
    postmaster_ = spawn({bin_ + "/postgres", "-D", data, "-k", dir_, "-c", "listen_addresses=", "-p", "5432", "-c",
                         std::string("fsync=") + (options_.fsync ? "on" : "off")},
                        as);
    for (int waited = 0; waited < 3000; ++waited) {  // 60 s
      if (waitpid(postmaster_, nullptr, WNOHANG) == postmaster_) break;
      if (ready(data)) {
        running_ = true;
        return;
      }
      usleep(20'000);
    }
    stop_child(postmaster_, SIGKILL, std::chrono::seconds(5));
    postmaster_ = -1;
    usleep(250'000);
  }
  throw std::runtime_error("PostgresServer: the server did not start (see " + log + ")");
}

void PostgresServer::kill() {
  if (postmaster_ <= 0) return;
  ::kill(postmaster_, SIGKILL);
  // Its children (backends, writers) too: the whole server dies at once, as in a crash.
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);  // pid (comm) state ppid ...; comm may hold spaces
    const std::size_t end = line.rfind(')');
    if (end == std::string::npos) continue;
    std::istringstream rest(line.substr(end + 1));
    std::string state;
    pid_t parent = 0;
    if (rest >> state >> parent && parent == postmaster_) ::kill(std::atoi(line.c_str()), SIGKILL);
  }
  waitpid(postmaster_, nullptr, 0);
  postmaster_ = -1;
  running_ = false;
}

void PostgresServer::restart() { start(); }

std::string PostgresServer::url(const std::string& dbname) const {
  return "postgresql:///" + dbname + "?host=" + dir_ + "&port=5432&user=" + user_;
}

PostgresServer::~PostgresServer() {
  stop();
  remove_temp_dir(dir_);
}

void PostgresServer::stop() {
  if (!running_) return;
  running_ = false;
  stop_child(postmaster_, SIGINT, std::chrono::seconds(20));  // a fast shutdown, then SIGKILL
  postmaster_ = -1;
}

}  // namespace avx::dev
