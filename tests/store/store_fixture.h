#pragma once

// A fresh store for the current test: in memory, or a new SQLite file in the test's temp dir
// named after the test.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "avx/events/sqlite.h"
#include "avx/events/store.h"

namespace avx::testing {

inline std::unique_ptr<events::EventStore> fresh_store(bool sqlite) {
  if (!sqlite) return events::make_memory_store();
  std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::replace(name.begin(), name.end(), '/', '_');  // parameterized test names hold a '/'
  std::filesystem::path path = std::filesystem::path(std::getenv("TEST_TMPDIR")) / (name + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  auto store = events::open_sqlite_store(path.string());
  if (!store) {
    ADD_FAILURE() << store.error().message();
    return nullptr;
  }
  return std::move(*store);
}

}  // namespace avx::testing
