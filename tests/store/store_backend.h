#pragma once

// A store backend under test, for the suites every backend runs (conformance, durable
// subscriptions): its name and a way to make a fresh, empty store.

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

inline std::string name_of(const ::testing::TestParamInfo<Backend>& info) { return info.param.name; }

// A suite's fixture: a fresh store of the backend for each test.
class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = GetParam().make();
    ASSERT_NE(store_, nullptr);
  }
  std::unique_ptr<events::EventStore> store_;
};

}  // namespace avx::testing
