#include "codegen/emit/render.h"

namespace avx::codegen {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

namespace {

// Sections that render nothing leave their blank lines behind; a run of them reads as one.
std::string collapse_blank_lines(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  int newlines = 0;  // consecutive '\n' just written
  for (char c : text) {
    if (c == '\n') {
      if (++newlines > 2) continue;
    } else {
      newlines = 0;
    }
    out += c;
  }
  while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

}  // namespace

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
  return collapse_blank_lines(out);
}

}  // namespace avx::codegen
