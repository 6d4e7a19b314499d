// The dead-letter suite (tests/dlq/dead_letter_suite.cc) on PostgreSQL: letters in the store's
// database, durable across store objects.

#include <gtest/gtest.h>

#include <avx/events/postgres.h>

#include "tests/dlq/dead_letter_suite.h"
#include "tests/postgres/fresh_schema.h"

namespace {

using avx::testing::DeadLetters;
using avx::testing::DurableDeadLetters;
using avx::testing::LetterBackend;

avx::testing::LetterOpener postgres_place() {
  const std::string conninfo = avx::testing::fresh_schema_conninfo();
  return [conninfo]() -> std::unique_ptr<avx::events::DeadLetterStore> {
    if (conninfo.empty()) return nullptr;
    auto opened = avx::events::open_postgres_dead_letters(conninfo);
    EXPECT_TRUE(opened.has_value()) << opened.error().message();
    return opened ? std::move(*opened) : nullptr;
  };
}

INSTANTIATE_TEST_SUITE_P(Backends, DeadLetters, ::testing::Values(LetterBackend{"Postgres", postgres_place}),
                         avx::testing::letter_backend_name);
INSTANTIATE_TEST_SUITE_P(Durable, DurableDeadLetters, ::testing::Values(LetterBackend{"Postgres", postgres_place}),
                         avx::testing::letter_backend_name);

}  // namespace
