#pragma once

// The durable subscription suite: checkpoints that survive a restart, failures, and consumer
// groups, on every store backend. A test binary instantiates it with its backends:
//
//   INSTANTIATE_TEST_SUITE_P(Backends, Durable, ::testing::Values(Backend{"memory", make}), name_of);

#include <gtest/gtest.h>

#include "avx/events/store.h"
#include "tests/store/store_backend.h"

namespace avx::testing {

class Durable : public BackendTest {};

}  // namespace avx::testing
