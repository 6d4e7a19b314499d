#include "codegen/emit/stubs.h"

#include <cctype>
#include <filesystem>

#include "codegen/emit/render.h"
#include "codegen/emit/templates.h"
#include "codegen/emit/view.h"
#include "codegen/model/names.h"

namespace avx::codegen {

namespace {

bool identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `word` occurs in `text` as a whole identifier (PlaceOrderHandler, not PlaceOrderHandlerV2).
bool mentions_word(std::string_view text, std::string_view word) {
  for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    bool starts = at == 0 || !identifier_char(text[at - 1]);
    bool ends = at + word.size() == text.size() || !identifier_char(text[at + word.size()]);
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

StubPaths stub_paths(const Package& pkg) {
  std::string stem = std::filesystem::path(output_paths(pkg.path, ".").stem).filename().string();
  return {stem + ".stubs.h", stem + ".stubs.cc"};
}

View stub_view(const Package& pkg, const std::string& root, const std::string& include_dir) {
  View view = build_view(pkg, root);
  std::string header = stub_paths(pkg).header;
  view.data.set("stubs_header", include_dir.empty() || include_dir == "."
                                    ? header
                                    : (std::filesystem::path(include_dir) / header).generic_string());
  view.keys.insert("stubs_header");
  return view;
}

std::vector<GeneratedFile> emit_stubs(const Package& pkg, const std::string& root, const std::string& include_dir,
                                      Diagnostics& diags) {
  View view = stub_view(pkg, root, include_dir);
  StubPaths paths = stub_paths(pkg);
  return {
      {paths.header, render(templates::k_stubs_h, view.data, "stubs.h", pkg, diags)},
      {paths.source, render(templates::k_stubs_cc, view.data, "stubs.cc", pkg, diags)},
  };
}

std::vector<std::string> missing_handlers(const Package& pkg, std::string_view text) {
  std::vector<std::string> names;
  for (const Command& c : pkg.commands) names.push_back(handler_name(c.name));
  for (const Query& q : pkg.queries) names.push_back(handler_name(q.name));
  std::vector<std::string> missing;
  for (const std::string& name : names) {
    if (!mentions_word(text, name)) missing.push_back(name);
  }
  return missing;
}

}  // namespace avx::codegen
