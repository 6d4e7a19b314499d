#include "codegen/emit/render.h"

namespace avx::codegen {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

namespace {

// Sections that render nothing leave their blank lines behind; a run of them reads as one. Fed
// the rendered text chunk by chunk, so a large file is built once, not copied.
class BlankLineCollapser {
 public:
  void append(const std::string& chunk) {
    for (char c : chunk) {
      if (c == '\n') {
        if (++newlines_ > 2) continue;
      } else {
        newlines_ = 0;
      }
      out_ += c;
    }
  }
  std::string take() {
    while (out_.size() > 1 && out_[out_.size() - 1] == '\n' && out_[out_.size() - 2] == '\n') out_.pop_back();
    return std::move(out_);
  }

 private:
  std::string out_;
  int newlines_ = 0;  // consecutive '\n' just written
};

}  // namespace

std::string render(std::string_view text, const data& view, const std::string& name, const Package& pkg,
                   Diagnostics& diags) {
  mustache tmpl{std::string(text)};
  tmpl.set_custom_escape([](const std::string& s) { return s; });  // C++, not HTML
  if (!tmpl.is_valid()) {
    diags.error({pkg.path, 1, 1}, "internal error: template " + name + ": " + tmpl.error_message());
    return {};
  }
  BlankLineCollapser out;
  tmpl.render(view, [&out](const std::string& chunk) { out.append(chunk); });
  if (!tmpl.is_valid()) diags.error({pkg.path, 1, 1}, "internal error: rendering " + name + ": " + tmpl.error_message());
  return out.take();
}

}  // namespace avx::codegen
