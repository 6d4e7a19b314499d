// Every YAML schema of the tests and examples has a Cap'n Proto twin (SCHEMA.md section 4). Both
// front ends must build the same model, so the generated files, stubs included, are the same
// bytes apart from the name of the source file they cite.

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "codegen/compile.h"
#include "codegen/emit/emitter.h"
#include "codegen/emit/stubs.h"

namespace {

using avx::codegen::GeneratedFile;

struct Twin {
  const char* stem;        // <stem>.yaml and <stem>.capnp
  const char* root = ".";  // what import and output paths are relative to
};

std::ostream& operator<<(std::ostream& out, const Twin& twin) { return out << twin.root << ":" << twin.stem; }

const Twin kTwins[] = {
    {"tests/schemas/orders", "."},
    {"tests/schemas/all_types", "."},
    {"tests/schemas/imports", "."},
    {"tests/schemas/upcasts", "."},
    {"tests/bench/bench", "."},
    {"tests/compat/wire/before", "."},
    {"tests/compat/wire/after", "."},
    {"tests/schemas/orders", "tests/compat/baseline"},  // a baseline kept in each syntax
    {"examples/basic_pubsub/greetings", "."},
    {"examples/cqrs/library", "."},
    {"examples/distributed/shop", "."},
    {"examples/event_sourcing/bank", "."},
    {"examples/request_reply/pricing", "."},
    {"examples/topic_routing/inventory", "."},
    {"examples/production_service/shop", "."},
    {"schemas/avx/system", "."},
};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// The generated files of `file` (under `root`), with the file's name spelled `.yaml`.
std::vector<GeneratedFile> generate(const std::string& root, const std::string& file) {
  std::string path = root == "." ? file : root + "/" + file;
  avx::codegen::Diagnostics diags;
  auto set = avx::codegen::compile_schemas({path}, {root}, diags);
  EXPECT_FALSE(diags.has_errors()) << diags.to_string();
  if (diags.has_errors()) return {};
  auto files = avx::codegen::emit_package(*set.roots[0], {root}, diags);
  auto stubs = avx::codegen::emit_stubs(*set.roots[0], root, "", diags);
  files.insert(files.end(), stubs.begin(), stubs.end());
  EXPECT_FALSE(diags.has_errors()) << diags.to_string();
  std::string yaml = std::filesystem::path(file).replace_extension(".yaml").string();
  for (GeneratedFile& f : files) f.content = replace_all(f.content, file, yaml);
  return files;
}

class Twins : public testing::TestWithParam<Twin> {};

TEST_P(Twins, CapnpAndYamlGenerateTheSameFiles) {
  const Twin& twin = GetParam();
  std::string stem = twin.stem;
  std::string capnp_root = twin.root == std::string(".") ? "." : std::string(twin.root) + "_capnp";
  auto from_yaml = generate(twin.root, stem + ".yaml");
  auto from_capnp = generate(capnp_root, stem + ".capnp");
  ASSERT_EQ(from_yaml.size(), from_capnp.size());
  ASSERT_GE(from_yaml.size(), 4u);
  for (std::size_t i = 0; i < from_yaml.size(); ++i) {
    EXPECT_EQ(from_yaml[i].path, from_capnp[i].path);
    EXPECT_EQ(from_yaml[i].content, from_capnp[i].content) << from_yaml[i].path << " differs";
  }
}

INSTANTIATE_TEST_SUITE_P(AllSchemas, Twins, testing::ValuesIn(kTwins), [](const auto& info) {
  std::string name = std::string(info.param.root == std::string(".") ? "" : "baseline_") + info.param.stem;
  for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
});

}  // namespace
