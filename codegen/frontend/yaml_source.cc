#include "codegen/frontend/yaml_source.h"

namespace avx::codegen {
namespace {

// Length of the UTF-8 sequence starting at text[i], or 0 when it is not valid UTF-8.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  if (n == 2 && c < 0xC2) return 0;  // overlong
  return n;
}

bool check_bytes(const std::string& path, std::string_view text, Diagnostics& diags) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    SourcePos here{path, line, column};
    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
      diags.error(here, "control byte 0x" + std::string(1, "0123456789abcdef"[c >> 4]) +
                            std::string(1, "0123456789abcdef"[c & 15]) +
                            " in schema (is this a binary file?)");
      return false;
    }
    std::size_t n = utf8_length(text, i);
    if (n == 0) {
      diags.error(here, "invalid UTF-8 in schema (is this a binary file?)");
      return false;
    }
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += n;
  }
  return true;
}

}  // namespace

SourcePos pos_of(const std::string& path, const YAML::Mark& mark) {
  return SourcePos{path, mark.line + 1, mark.column + 1};
}

std::optional<YAML::Node> parse_yaml(const std::string& path, std::string_view text, Diagnostics& diags) {
  if (text.size() > kMaxSchemaBytes) {
    diags.error({path, 1, 1}, "schema is " + std::to_string(text.size()) + " bytes; the limit is " +
                                  std::to_string(kMaxSchemaBytes));
    return std::nullopt;
  }
  if (!check_bytes(path, text, diags)) return std::nullopt;
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    // yaml-cpp reports its nesting guard as "bad file"; say what it means.
    std::string message = e.msg == "bad file" ? "YAML nests too deeply" : e.msg;
    diags.error(pos_of(path, e.mark), "invalid YAML: " + message);
    return std::nullopt;
  }
}

}  // namespace avx::codegen
