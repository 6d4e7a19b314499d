// A durable subscriber process on SQLite killed mid-stream and restarted: nothing lost
// (durable_kill.h). Arguments: the durable_worker binary.

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "tests/store/durable_kill.h"

namespace {

std::string worker;

TEST(DurableKill, ASubscriberKilledMidStreamResumesWithoutLossOnSqlite) {
  const std::string dir = std::getenv("TEST_TMPDIR");
  avx::testing::expect_resume_after_kill(worker, dir + "/kill.db", dir + "/handled.txt", 3000);
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 2) return 2;
  worker = argv[1];
  return RUN_ALL_TESTS();
}
