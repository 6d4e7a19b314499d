#pragma once

// A durable subscriber process killed with SIGKILL mid-stream and started again resumes without
// losing an event: at most the one it was handling is delivered twice. For any store URL: the
// SQLite test and the PostgreSQL test run it.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <avx/events/open_store.h>

namespace avx::testing {

// The durable_worker binary, given to the test binary as its one argument.
inline std::string& durable_worker() {
  static std::string path;
  return path;
}

// main() of a kill test: gtest's flags, then the worker's path.
inline int run_kill_tests(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DURABLE_WORKER\n", argv[0]);
    return 2;
  }
  durable_worker() = argv[1];
  return RUN_ALL_TESTS();
}

inline std::vector<std::uint64_t> handled_positions(const std::string& out) {
  std::vector<std::uint64_t> positions;
  std::ifstream in(out);
  for (std::uint64_t p; in >> p;) positions.push_back(p);
  return positions;
}

inline pid_t spawn(const std::vector<std::string>& args) {
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    std::_Exit(127);
  }
  return pid;
}

inline void expect_resume_after_kill(const std::string& url, const std::string& out, int events) {
  const std::string& worker = durable_worker();
  {
    auto store = events::open_store(url);
    ASSERT_TRUE(store) << store.error().message();
    for (int i = 0; i < events; ++i) {
      events::EventData e;
      e.event_id = events::EventId::generate();
      e.type = "test.Happened";
      ASSERT_TRUE((*store)->append("order-" + std::to_string(i % 17), events::ExpectedVersion::any(), {&e, 1}));
    }
  }
  const std::vector<std::string> args = {worker, url, out, std::to_string(events)};
  pid_t first = spawn(args);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (handled_positions(out).size() < static_cast<std::size_t>(events) / 3) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the worker did not get going";
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(first, SIGKILL);
  int status = 0;
  waitpid(first, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the worker finished before it was killed";
  const std::size_t at_kill = handled_positions(out).size();
  ASSERT_LT(at_kill, static_cast<std::size_t>(events));

  pid_t second = spawn(args);
  waitpid(second, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the restarted worker failed";

  std::map<std::uint64_t, int> times;
  for (std::uint64_t p : handled_positions(out)) ++times[p];
  ASSERT_EQ(times.size(), static_cast<std::size_t>(events)) << "events were lost";
  int twice = 0;
  for (const auto& [position, n] : times) {
    ASSERT_LE(n, 2) << position;
    twice += n - 1;
  }
  EXPECT_LE(twice, 1) << "more than the event in hand at the kill was handed over again";
}

}  // namespace avx::testing
