// Crash safety: a child appends batches to a SQLite store and acknowledges each; we SIGKILL it at
// random moments, 20 times. After each kill the store opens, every acknowledged event is there
// exactly once, positions are contiguous, and no batch is partly visible.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "avx/events/sqlite.h"
#include "avx/events/store.h"

extern char** environ;

namespace {

struct Ack {
  long batch;
  int size;
};

// Runs the writer for `run_for`, then kills it with SIGKILL; returns the batches it acknowledged.
std::vector<Ack> run_and_kill(const std::string& writer, const std::string& db, long first_batch,
                              std::chrono::milliseconds run_for) {
  int out[2];
  EXPECT_EQ(pipe(out), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  std::string first = std::to_string(first_batch);
  char* argv[] = {const_cast<char*>(writer.c_str()), const_cast<char*>(db.c_str()), first.data(), nullptr};
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, writer.c_str(), &actions, nullptr, argv, environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  std::this_thread::sleep_for(run_for);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status)) << "the writer stopped by itself (status " << status << ")";
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = read(out[0], buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  close(out[0]);
  std::vector<Ack> acks;
  std::istringstream lines(text);
  std::string word;
  Ack ack{};
  while (lines >> word >> ack.batch >> ack.size) acks.push_back(ack);  // a torn last line is ignored
  return acks;
}

TEST(CrashSafety, AcknowledgedBatchesSurviveSigkillWholeAndOnce) {
  std::string writer = "tests/store/crash_writer";
  std::string db = (std::filesystem::path(std::getenv("TEST_TMPDIR")) / "crash.db").string();
  std::mt19937 random(20261123);
  std::map<long, int> acknowledged;  // batch -> size
  long next_batch = 0;
  for (int round = 0; round < 20; ++round) {
    auto run_for = std::chrono::milliseconds(30 + random() % 120);
    for (const Ack& a : run_and_kill(writer, db, next_batch, run_for)) acknowledged[a.batch] = a.size;
    next_batch += 1000000;  // batch numbers of later rounds never collide

    auto store = avx::events::open_sqlite_store(db);
    ASSERT_TRUE(store.has_value()) << "round " << round << ": " << store.error().message();
    auto head = (*store)->head_position();
    ASSERT_TRUE(head.has_value());
    auto all = (*store)->read_all(1, *head + 1);
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->size(), *head);
    std::map<std::string, std::set<std::string>> batches;  // correlation id -> payloads
    std::map<std::string, int> sizes;
    for (std::size_t i = 0; i < all->size(); ++i) {
      const auto& e = (*all)[i];
      ASSERT_EQ(e.position, i + 1) << "round " << round << ": positions must be contiguous";
      ASSERT_TRUE(batches[e.correlation_id].insert(e.payload).second) << "stored twice: " << e.correlation_id;
      sizes[e.correlation_id] = std::stoi(e.payload.substr(e.payload.find('/') + 1));
    }
    for (const auto& [id, payloads] : batches) {
      ASSERT_EQ(static_cast<int>(payloads.size()), sizes[id]) << "round " << round << ": batch " << id << " is partial";
    }
    for (const auto& [batch, size] : acknowledged) {
      auto it = batches.find("batch-" + std::to_string(batch));
      ASSERT_NE(it, batches.end()) << "round " << round << ": acknowledged batch " << batch << " is lost";
      ASSERT_EQ(static_cast<int>(it->second.size()), size);
    }
  }
  EXPECT_GT(acknowledged.size(), 20u) << "the writer hardly wrote anything; the test proved little";
}

}  // namespace
