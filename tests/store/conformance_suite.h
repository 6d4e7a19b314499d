#pragma once

// The EventStore conformance suite: every backend runs the same tests. A test binary instantiates
// it with its backends:
//
//   INSTANTIATE_TEST_SUITE_P(Backends, Conformance, ::testing::Values(Backend{"memory", make}), name_of);

#include <gtest/gtest.h>

#include "avx/events/store.h"
#include "tests/store/store_backend.h"

namespace avx::testing {

class Conformance : public BackendTest {};

}  // namespace avx::testing
