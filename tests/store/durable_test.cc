// The durable subscription suite (durable_suite.cc) on the in-process backends: memory and
// SQLite. The PostgreSQL backend runs it in tests/postgres.

#include <gtest/gtest.h>

#include "avx/events/partition.h"
#include "tests/store/durable_suite.h"
#include "tests/store/store_fixture.h"

namespace {

using avx::testing::Backend;
using avx::testing::Durable;

INSTANTIATE_TEST_SUITE_P(Backends, Durable,
                         ::testing::Values(Backend{"memory", [] { return avx::testing::fresh_store(false); }},
                                           Backend{"sqlite", [] { return avx::testing::fresh_store(true); }}),
                         avx::testing::name_of);

// Members in different processes, builds and releases must agree on who owns a stream.
TEST(ConsumerGroup, StreamsArePartitionedByFnv1a) {
  EXPECT_EQ(avx::events::stable_hash(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(avx::events::stable_hash("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(avx::events::partition_of("a", 7), 0xaf63dc4c8601ec8cull % 7);
  EXPECT_EQ(avx::events::partition_of("a", 0), 0u);
}

}  // namespace
