#include "tools/dev/child_process.h"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

namespace avx::dev {

std::string make_temp_dir(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + ".XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error(prefix + ": mkdtemp failed");
  return pattern;
}

pid_t spawn(const std::vector<std::string>& args) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed starting " + args.front());
  if (pid == 0) {
    execvp(argv[0], argv.data());
    std::_Exit(127);  // not installed: tools/setup installs the servers the tests start
  }
  return pid;
}

bool exited(pid_t pid, std::chrono::milliseconds within) {
  auto until = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < until) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

void stop_child(pid_t pid, int signal, std::chrono::milliseconds grace) {
  if (pid <= 0) return;
  ::kill(pid, signal);
  if (!exited(pid, grace)) {
    ::kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
}

}  // namespace avx::dev
