// The conformance suite (conformance_suite.cc) on the in-process backends: memory and SQLite.
// The PostgreSQL backend runs it in tests/postgres.

#include <gtest/gtest.h>

#include "tests/store/conformance_suite.h"
#include "tests/store/store_fixture.h"

namespace {

using avx::testing::Backend;
using avx::testing::Conformance;

INSTANTIATE_TEST_SUITE_P(Backends, Conformance,
                         ::testing::Values(Backend{"memory", [] { return avx::testing::fresh_store(false); }},
                                           Backend{"sqlite", [] { return avx::testing::fresh_store(true); }}),
                         avx::testing::name_of);

}  // namespace
