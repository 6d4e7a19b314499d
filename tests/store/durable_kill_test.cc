// A durable subscriber process on SQLite killed mid-stream and restarted: nothing lost
// (durable_kill.h). Arguments: the durable_worker binary.

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "tests/store/durable_kill.h"

namespace {

TEST(DurableKill, ASubscriberKilledMidStreamResumesWithoutLossOnSqlite) {
  const std::string dir = std::getenv("TEST_TMPDIR");
  avx::testing::expect_resume_after_kill(dir + "/kill.db", dir + "/handled.txt", 3000);
}

}  // namespace

int main(int argc, char** argv) { return avx::testing::run_kill_tests(argc, argv); }
