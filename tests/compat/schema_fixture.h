#pragma once

// Schemas for compat tests: written into the test's temp dir, loaded and checked like the CLI does.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "codegen/compat/compare.h"
#include "codegen/compat/inputs.h"

namespace avx::testing {

inline std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::path(std::getenv("TEST_TMPDIR")) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// Loads a directory of schemas; fails the test on schema errors.
inline codegen::SchemaSet load_dir(const std::filesystem::path& dir) {
  codegen::Diagnostics diags;
  auto set = codegen::compat::load_inputs({dir.string()}, diags);
  EXPECT_FALSE(diags.has_errors()) << diags.to_string();
  return set;
}

// Compares one schema file's two versions.
inline std::vector<codegen::compat::Finding> compare_texts(const std::string& old_text, const std::string& new_text) {
  auto dir = temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  write_file(dir / "old" / "s.yaml", old_text);
  write_file(dir / "new" / "s.yaml", new_text);
  return codegen::compat::compare(load_dir(dir / "old"), load_dir(dir / "new"));
}

}  // namespace avx::testing
