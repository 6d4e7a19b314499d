#include "tools/dev/child_process.h"

#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <deque>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace avx::dev {

namespace {

pid_t fork_exec(const std::vector<std::string>& args, const SpawnOptions& options) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  const passwd* pw = options.user.empty() ? nullptr : getpwnam(options.user.c_str());
  if (!options.user.empty() && pw == nullptr) throw std::runtime_error("no user " + options.user);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed starting " + args.front());
  if (pid == 0) {
    if (pw != nullptr && (setgroups(0, nullptr) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0)) {
      std::_Exit(126);
    }
    if (!options.log.empty()) {
      const int out = open(options.log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (out >= 0) {
        dup2(out, STDOUT_FILENO);
        dup2(out, STDERR_FILENO);
      }
    }
    // Dies with its parent, however the parent ends (SIGKILL too); a parent gone already is seen.
    // After setuid: a change of user clears the setting.
    if (prctl(PR_SET_PDEATHSIG, options.death_signal) != 0 || getppid() != parent) std::_Exit(126);
    execvp(argv[0], argv.data());
    std::_Exit(127);  // not installed: tools/setup installs the servers the tests start
  }
  return pid;
}

// PR_SET_PDEATHSIG follows the thread that forked, not the process: a server started from a
// test's helper thread (one that restarts it, say) would die when that thread ends. So every
// server is forked by this one thread, which lives as long as the process.
class Spawner {
 public:
  Spawner() { std::thread([this] { run(); }).detach(); }

  pid_t spawn(const std::vector<std::string>& args, const SpawnOptions& options) {
    std::packaged_task<pid_t()> task([&] { return fork_exec(args, options); });
    auto pid = task.get_future();
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    posted_.notify_one();
    return pid.get();  // fork_exec's exception, if it threw
  }

 private:
  [[noreturn]] void run() {
    while (true) {
      std::unique_lock lock(mutex_);
      posted_.wait(lock, [&] { return !tasks_.empty(); });
      auto task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
    }
  }

  std::mutex mutex_;
  std::condition_variable posted_;
  std::deque<std::packaged_task<pid_t()>> tasks_;
};

}  // namespace

pid_t spawn(const std::vector<std::string>& args, const SpawnOptions& options) {
  static Spawner* spawner = new Spawner;  // never destroyed: its thread runs until the process ends
  return spawner->spawn(args, options);
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
