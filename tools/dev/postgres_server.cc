#include "tools/dev/postgres_server.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <csignal>
#include <grp.h>
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
  const passwd* pw = user.empty() ? nullptr : getpwnam(user.c_str());
  if (!user.empty() && pw == nullptr) throw std::runtime_error("PostgresServer: no user " + user);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("PostgresServer: fork failed");
  if (pid == 0) {
    if (pw != nullptr && (setgroups(0, nullptr) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0)) {
      std::_Exit(126);
    }
    FILE* out = std::fopen(log.c_str(), "a");
    if (out != nullptr) {
      dup2(fileno(out), STDOUT_FILENO);
      dup2(fileno(out), STDERR_FILENO);
    }
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    std::_Exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string make_dir(const std::string& owner) {
  std::string pattern = "/tmp/avx-pg.XXXXXX";  // short (the socket path has a limit) and open to `owner`
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("PostgresServer: mkdtemp failed");
  if (const passwd* pw = getpwnam(owner.c_str()); pw != nullptr && geteuid() == 0) {
    if (chown(pattern.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      fs::remove_all(pattern);
      throw std::runtime_error("PostgresServer: cannot give " + pattern + " to " + owner);
    }
  }
  return pattern;
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
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
    throw;
  }
  conninfo_ = "host=" + dir_ + " port=5432 dbname=postgres user=" + user_;
}

void PostgresServer::start() {
  const std::string as = geteuid() == 0 ? user_ : std::string();
  const std::string log = dir_ + "/server.log";
  const std::string options =
      "-k " + dir_ + " -c listen_addresses='' -p 5432 -c fsync=" + (options_.fsync ? "on" : "off");
  // After a kill, the old server's processes may take a moment to notice and go.
  for (int attempt = 0; attempt < 20; ++attempt) {
    if (run({bin_ + "/pg_ctl", "-D", dir_ + "/data", "-l", log, "-o", options, "-w", "-t", "60", "start"}, as, log) == 0) {
      running_ = true;
      return;
    }
    usleep(250'000);
  }
  throw std::runtime_error("PostgresServer: the server did not start (see " + log + ")");
}

void PostgresServer::kill() {
  std::ifstream pid_file(dir_ + "/data/postmaster.pid");
  pid_t postmaster = 0;
  if (!(pid_file >> postmaster) || postmaster <= 0) return;
  ::kill(postmaster, SIGKILL);
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
    if (rest >> state >> parent && parent == postmaster) ::kill(std::atoi(line.c_str()), SIGKILL);
  }
  for (int i = 0; i < 200 && ::kill(postmaster, 0) == 0; ++i) usleep(10'000);  // gone (it is not our child)
  running_ = false;
}

void PostgresServer::restart() { start(); }

std::string PostgresServer::url(const std::string& dbname) const {
  return "postgresql:///" + dbname + "?host=" + dir_ + "&port=5432&user=" + user_;
}

PostgresServer::~PostgresServer() {
  stop();
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

void PostgresServer::stop() {
  if (!running_) return;
  running_ = false;
  const std::string as = geteuid() == 0 ? user_ : std::string();
  const std::string data = dir_ + "/data";
  if (run({bin_ + "/pg_ctl", "-D", data, "-m", "fast", "-w", "-t", "20", "stop"}, as, dir_ + "/server.log") == 0) return;
  std::ifstream pid_file(data + "/postmaster.pid");  // it did not stop in time: kill it
  pid_t pid = 0;
  if (pid_file >> pid && pid > 0) ::kill(pid, SIGKILL);
}

}  // namespace avx::dev
