#include "codegen/emit/render.h"

namespace avx::codegen {

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

}  // namespace avx::codegen
