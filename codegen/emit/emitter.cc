#include "codegen/emit/emitter.h"

#include <set>

#include "codegen/emit/render.h"
#include "codegen/emit/templates.h"
#include "codegen/emit/view.h"

namespace avx::codegen {
using kainjow::mustache::data;

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

std::vector<std::string> unknown_tags(std::string_view text, const std::set<std::string>& keys) {
  std::vector<std::string> unknown;
  for (std::size_t open = text.find("{{"); open != std::string_view::npos; open = text.find("{{", open + 2)) {
    std::size_t close = text.find("}}", open);
    if (close == std::string_view::npos) break;
    std::string_view tag = text.substr(open + 2, close - open - 2);
    while (!tag.empty() && (tag.front() == '{' || tag.front() == '#' || tag.front() == '^' || tag.front() == '/' ||
                            tag.front() == '&' || tag.front() == ' ')) {
      tag.remove_prefix(1);
    }
    while (!tag.empty() && (tag.back() == '}' || tag.back() == ' ')) tag.remove_suffix(1);
    if (!tag.empty() && tag.front() != '!' && !keys.count(std::string(tag))) unknown.emplace_back(tag);
  }
  return unknown;
}

}  // namespace avx::codegen
