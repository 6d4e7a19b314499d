// The generated code for tests/schemas/orders.yaml, compared with the checked-in copy. The same
// schema is also built by avx_events_cc_library and exercised by //tests/runtime and
// //tests/codec, so a golden change is always backed by code that compiles and runs.
//
// After an intended change to the templates, refresh the copies with:
//   bazel run //tools:avx-events -- generate --out $PWD/tests/codegen/golden --root $PWD $PWD/tests/schemas/orders.yaml

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "codegen/emit/emitter.h"
#include "codegen/emit/stubs.h"
#include "codegen/emit/templates.h"
#include "codegen/emit/view.h"
#include "codegen/compile.h"

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

avx::codegen::SchemaSet load(const std::string& path, avx::codegen::Diagnostics& diags) {
  return avx::codegen::compile_schemas({path}, {}, diags);
}

TEST(Golden, GeneratedFilesMatchTheCheckedInCopies) {
  avx::codegen::Diagnostics diags;
  auto set = load("tests/schemas/orders.yaml", diags);
  ASSERT_FALSE(diags.has_errors()) << diags.to_string();
  auto files = avx::codegen::emit_package(*set.roots[0], {}, diags);
  ASSERT_FALSE(diags.has_errors()) << diags.to_string();
  ASSERT_EQ(files.size(), 4u);
  for (const auto& file : files) {
    std::string golden = read("tests/codegen/golden/" + file.path);
    EXPECT_EQ(file.content, golden) << file.path << " differs from its golden copy (see this file's header)";
  }
}

// kainjow mustache prints an unknown name as nothing: every tag must be a key the view sets.
TEST(Golden, EveryTemplateTagIsAViewKey) {
  avx::codegen::Diagnostics diags;
  auto set = load("tests/schemas/all_types.yaml", diags);
  auto orders = load("tests/schemas/orders.yaml", diags);
  auto imports = load("tests/schemas/imports.yaml", diags);
  ASSERT_FALSE(diags.has_errors()) << diags.to_string();
  auto keys = avx::codegen::build_view(*set.roots[0], ".").keys;
  auto more = avx::codegen::build_view(*orders.roots[0], ".").keys;
  keys.insert(more.begin(), more.end());
  more = avx::codegen::build_view(*imports.roots[0], ".").keys;
  keys.insert(more.begin(), more.end());
  more = avx::codegen::stub_view(*orders.roots[0], ".", "").keys;
  keys.insert(more.begin(), more.end());
  namespace t = avx::codegen::templates;
  for (auto text : {t::k_header_h, t::k_wire_h, t::k_source_cc, t::k_wire_capnp, t::k_stubs_h, t::k_stubs_cc}) {
    EXPECT_EQ(avx::codegen::unknown_tags(text, keys), std::vector<std::string>{});
  }
  EXPECT_EQ(avx::codegen::unknown_tags("{{#structs}}{{nmae}}{{/structs}}", keys), std::vector<std::string>{"nmae"});
}

TEST(Golden, CapnpFileIdIsStableAndHasTheHighBit) {
  EXPECT_EQ(avx::codegen::capnp_file_id("shop.orders"), avx::codegen::capnp_file_id("shop.orders"));
  EXPECT_NE(avx::codegen::capnp_file_id("shop.orders"), avx::codegen::capnp_file_id("shop.order"));
  EXPECT_EQ(avx::codegen::capnp_file_id("x").size(), 18u);
  char high = avx::codegen::capnp_file_id("x")[2];
  EXPECT_GE(high, '8');
}

}  // namespace
