#pragma once

// The EventStore conformance suite: every backend runs the same tests. A test binary instantiates
// it with its backends:
//
//   INSTANTIATE_TEST_SUITE_P(Backends, Conformance, ::testing::Values(Backend{"memory", make}), name_of);

#include <functional>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "avx/events/store.h"

namespace avx::testing {

struct Backend {
  std::string name;
  std::function<std::unique_ptr<events::EventStore>()> make;  // a fresh, empty store per test
};

class Conformance : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = GetParam().make();
    ASSERT_NE(store_, nullptr);
  }
  std::unique_ptr<events::EventStore> store_;
};

inline std::string name_of(const ::testing::TestParamInfo<Backend>& info) { return info.param.name; }

}  // namespace avx::testing
