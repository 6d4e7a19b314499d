#pragma once

// The production service example as a child process: started with environment variables of the
// test's choosing, stderr (its JSON logs) to a file, stopped with SIGTERM and reaped, and killed
// at the end even when the test fails.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace avx::testing {

inline const char* kServiceBinary = "examples/production_service/production_service";

class ServiceProcess {
 public:
  // Starts the binary with `args`, and `env` added to (or replacing in) this process's
  // environment; stdout and stderr go to files in `dir`.
  ServiceProcess(const std::filesystem::path& dir, std::vector<std::string> args, std::vector<std::string> env)
      : out_(dir / "stdout.txt"), err_(dir / "stderr.txt") {
    args.insert(args.begin(), kServiceBinary);
    pid_ = fork();
    if (pid_ == 0) {
      int out = open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(out, 1);
      dup2(err, 2);
      std::vector<std::string> inherited;  // the test's own AVX variables must not leak in
      for (char** e = environ; *e != nullptr; ++e) {
        std::string entry(*e);
        if (entry.rfind("AVX", 0) == 0) inherited.push_back(entry.substr(0, entry.find('=')));
      }
      for (const auto& name : inherited) unsetenv(name.c_str());
      for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
      std::vector<char*> argv;
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      std::_Exit(127);
    }
  }
  ~ServiceProcess() {
    if (!exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  // The URL from the "listening on URL" log line; empty if the service exited or took too long.
  std::string wait_for_url(std::chrono::seconds limit = std::chrono::seconds(60)) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      std::string log = stderr_text();
      if (auto at = log.find("listening on http://"); at != std::string::npos) {
        auto start = at + std::string("listening on ").size();
        return log.substr(start, log.find(' ', start) - start);
      }
      if (exit_code(std::chrono::milliseconds(0))) return "";
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return "";
  }

  void signal(int sig) { kill(pid_, sig); }

  // The exit code once the process ended within `limit`; nullopt if still running (or killed by
  // a signal: then -signal).
  std::optional<int> exit_code(std::chrono::milliseconds limit) {
    if (exited_) return code_;
    auto until = std::chrono::steady_clock::now() + limit;
    do {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
        return code_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    } while (std::chrono::steady_clock::now() < until);
    return std::nullopt;
  }

  std::string stdout_text() const { return read(out_); }
  std::string stderr_text() const { return read(err_); }

 private:
  static std::string read(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::filesystem::path out_, err_;
  pid_t pid_ = -1;
  bool exited_ = false;
  int code_ = 0;
};

}  // namespace avx::testing
