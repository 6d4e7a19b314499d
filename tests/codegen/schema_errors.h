#pragma once

// A fixture for schema error tests: schema files written to a fresh temp directory, compiled from
// there, and the diagnostics returned as the user would read them (paths relative to it).

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "codegen/compile.h"

namespace avx::test_support {

namespace fs = std::filesystem;

class SchemaErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(std::getenv("TEST_TMPDIR")) / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(root_);
  }

  void write(const std::string& name, const std::string& text) {
    fs::create_directories((root_ / name).parent_path());
    std::ofstream(root_ / name, std::ios::binary) << text;
  }

  // Diagnostics for `name`, paths relative to the temp root.
  std::string errors(const std::string& name) {
    avx::codegen::Diagnostics diags;
    auto cwd = fs::current_path();
    fs::current_path(root_);
    auto set = avx::codegen::compile_schemas({name}, {}, diags);
    fs::current_path(cwd);
    return diags.to_string();
  }

  // Diagnostics for a schema file `name` holding `text`.
  std::string errors_of(const std::string& text, const std::string& name = "s.yaml") {
    write(name, text);
    return errors(name);
  }

  fs::path root_;
};

}  // namespace avx::test_support
