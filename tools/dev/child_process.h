#pragma once

// What the dev servers (nats-server, redis-server, PostgreSQL) share: a child process started
// from an argument list, and waiting for it to end.

#include <chrono>
#include <string>
#include <vector>

#include <csignal>

#include <sys/types.h>

namespace avx::dev {

struct SpawnOptions {
  std::string user;             // run as this user (we are root), else as ourselves
  std::string log;              // stdout and stderr appended here, else inherited
  int death_signal = SIGKILL;   // what the child gets when this process ends
};

// Starts args[0] (looked up on PATH) with `args`; throws when fork fails. A program that cannot
// be run exits with status 127 (126 when it cannot become `user`). The child gets
// `death_signal` when this process ends, however it ends (a test killed by its timeout leaves no
// server behind).
pid_t spawn(const std::vector<std::string>& args, const SpawnOptions& options = {});

// Whether `pid` ended (and was reaped) within `within`.
bool exited(pid_t pid, std::chrono::milliseconds within);

// Sends `signal`, waits up to `grace`, then SIGKILLs it; reaps it either way.
void stop_child(pid_t pid, int signal, std::chrono::milliseconds grace);

}  // namespace avx::dev
