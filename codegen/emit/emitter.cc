#include "codegen/emit/emitter.h"

#include <regex>
#include <set>

#include "codegen/emit/templates.h"
#include "codegen/emit/view.h"

namespace avx::codegen {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

std::string render(std::string_view text, const data& view, const std::string& name, const Package& pkg,
                   Diagnostics& diags) {
  mustache tmpl{std::string(text)};
  tmpl.set_custom_escape([](const std::string& s) { return s; });  // C++, not HTML
  if (!tmpl.is_valid()) {
    diags.error({pkg.path, 1, 1}, "internal error: template " + name + ": " + tmpl.error_message());
    return {};
  }
  std::string out = tmpl.render(view);
  if (!tmpl.is_valid()) diags.error({pkg.path, 1, 1}, "internal error: rendering " + name + ": " + tmpl.error_message());
  return out;
}

}  // namespace

std::vector<GeneratedFile> emit_package(const Package& pkg, const EmitOptions& options, Diagnostics& diags) {
  data view = build_view(pkg, options.root).data;
  OutputPaths paths = output_paths(pkg.path, options.root);
  return {
      {paths.header(), render(templates::k_header_h, view, "header.h", pkg, diags)},
      {paths.wire_header(), render(templates::k_wire_h, view, "wire.h", pkg, diags)},
      {paths.source(), render(templates::k_source_cc, view, "source.cc", pkg, diags)},
      {paths.capnp(), render(templates::k_wire_capnp, view, "wire.capnp", pkg, diags)},
  };
}

std::vector<std::string> unknown_tags(std::string_view template_text, const std::set<std::string>& keys) {
  static const std::regex tag(R"(\{\{\{?\s*[#^/]?\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}?\}\})");
  std::vector<std::string> unknown;
  std::string text(template_text);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), tag); it != std::sregex_iterator(); ++it) {
    std::string name = (*it)[1];
    if (!keys.count(name)) unknown.push_back(name);
  }
  return unknown;
}

}  // namespace avx::codegen
