// The durable subscription suite (tests/store/durable_suite.cc) on PostgreSQL: a schema per test
// on one server for the binary.

#include <gtest/gtest.h>

#include <avx/events/postgres.h>

#include "tests/postgres/fresh_schema.h"
#include "tests/store/durable_suite.h"

namespace {

using avx::testing::Durable;

INSTANTIATE_TEST_SUITE_P(Backends, Durable,
                         ::testing::Values(avx::testing::Backend{"postgres", avx::testing::fresh_postgres_store}),
                         avx::testing::name_of);

}  // namespace
