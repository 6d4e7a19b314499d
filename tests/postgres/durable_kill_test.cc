// A durable subscriber process on PostgreSQL killed mid-stream and restarted: nothing lost
// (tests/store/durable_kill.h). Arguments: the durable_worker binary.

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "tests/postgres/fresh_schema.h"
#include "tests/store/durable_kill.h"

namespace {

TEST(DurableKill, ASubscriberKilledMidStreamResumesWithoutLossOnPostgres) {
  avx::testing::expect_resume_after_kill(avx::testing::shared_postgres().url(),
                                         std::string(std::getenv("TEST_TMPDIR")) + "/handled.txt", 3000);
}

}  // namespace

int main(int argc, char** argv) { return avx::testing::run_kill_tests(argc, argv); }
