// The dev servers' temp dirs: a dir whose maker died (a test killed by its timeout) is removed by
// the next one made; a dir whose maker lives, or that no maker locked, stays.

#include "tools/dev/temp_dir.h"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;
using avx::dev::make_temp_dir;
using avx::dev::remove_abandoned_dirs;
using avx::dev::remove_temp_dir;

class TempDirs : public ::testing::Test {
 protected:
  void SetUp() override {
    parent_ = fs::path(std::getenv("TEST_TMPDIR") ? std::getenv("TEST_TMPDIR") : "/tmp") /
              ("temp-dir-test-" + std::to_string(getpid()));
    fs::create_directories(parent_);
  }
  void TearDown() override { fs::remove_all(parent_); }

  // A child process makes a dir and hands its path back through a pipe; with `stay`, it then
  // lives until killed, else it exits at once without removing the dir (as a killed test would).
  std::string dir_of_child(const std::string& prefix, bool stay, pid_t* child) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      const std::string dir = make_temp_dir(prefix, parent_);
      if (write(fds[1], dir.data(), dir.size()) != static_cast<ssize_t>(dir.size())) _exit(1);
      close(fds[1]);
      if (stay) pause();
      _exit(0);
    }
    close(fds[1]);
    char buffer[4096];
    const ssize_t n = read(fds[0], buffer, sizeof buffer);
    close(fds[0]);
    *child = pid;
    return std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  }

  static void end(pid_t pid, int signal) {
    if (signal != 0) kill(pid, signal);
    int status = 0;
    waitpid(pid, &status, 0);
  }

  fs::path parent_;
};

TEST_F(TempDirs, TheDirOfAMakerThatDiedGoesWithTheNextOne) {
  pid_t child = 0;
  const std::string orphan = dir_of_child("avx-test", /*stay=*/false, &child);
  end(child, 0);
  ASSERT_FALSE(orphan.empty());
  ASSERT_TRUE(fs::exists(orphan));
  const std::string mine = make_temp_dir("avx-test", parent_);
  EXPECT_FALSE(fs::exists(orphan));
  EXPECT_TRUE(fs::exists(mine));
  remove_temp_dir(mine);
  EXPECT_FALSE(fs::exists(mine));
}

TEST_F(TempDirs, TheDirOfALiveMakerStaysUntilItIsKilled) {
  pid_t child = 0;
  const std::string held = dir_of_child("avx-test", /*stay=*/true, &child);
  ASSERT_TRUE(fs::exists(held));
  EXPECT_EQ(remove_abandoned_dirs("avx-test", parent_), 0);
  EXPECT_TRUE(fs::exists(held));
  const std::string mine = make_temp_dir("avx-test", parent_);
  EXPECT_EQ(remove_abandoned_dirs("avx-test", parent_), 0);  // ours is held too
  EXPECT_TRUE(fs::exists(mine));
  end(child, SIGKILL);
  EXPECT_EQ(remove_abandoned_dirs("avx-test", parent_), 1);
  EXPECT_FALSE(fs::exists(held));
  EXPECT_TRUE(fs::exists(mine));
  remove_temp_dir(mine);
}

TEST_F(TempDirs, DirsNobodyLockedAndOtherPrefixesStay) {
  fs::create_directories(parent_ / "avx-test.unlocked");
  pid_t child = 0;
  const std::string other = dir_of_child("avx-other", /*stay=*/false, &child);  // a dead maker's, another prefix
  end(child, 0);
  EXPECT_EQ(remove_abandoned_dirs("avx-test", parent_), 0);
  EXPECT_TRUE(fs::exists(parent_ / "avx-test.unlocked"));
  EXPECT_TRUE(fs::exists(other));
  EXPECT_EQ(remove_abandoned_dirs("avx-other", parent_), 1);
}

}  // namespace
