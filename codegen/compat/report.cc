#include "codegen/compat/report.h"

#include <nlohmann/json.hpp>

namespace avx::codegen::compat {
namespace {

// GitHub workflow commands need %, \r, \n escaped in messages, and also , and : in properties.
std::string github_escape(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

nlohmann::json to_json(const Finding& f, Mode mode) {
  Breaks b = breaks(f);
  nlohmann::json modes = nlohmann::json::array();
  if (b.backward) modes.push_back("backward");
  if (b.forward) modes.push_back("forward");
  modes.push_back("full");
  nlohmann::json j = {
      {"rule", rule_id(f.rule)},   {"breaking", breaks_under(f, mode)},
      {"breaks", modes},           {"subject", f.subject},
      {"message", f.message},      {"file", f.pos.file},
      {"line", f.pos.line},        {"column", f.pos.column},
  };
  if (!f.against.empty()) j["against"] = f.against;
  return j;
}

}  // namespace

std::optional<Format> parse_format(std::string_view text) {
  if (text == "text") return Format::kText;
  if (text == "json") return Format::kJson;
  if (text == "github") return Format::kGithub;
  return std::nullopt;
}

std::size_t report(const std::vector<Finding>& findings, Mode mode, Format format, std::ostream& out) {
  std::size_t breaking = 0;
  for (const Finding& f : findings) breaking += breaks_under(f, mode) ? 1 : 0;
  if (format == Format::kJson) {
    nlohmann::json doc = {{"format_version", 1},
                          {"mode", mode_name(mode)},
                          {"compatible", breaking == 0},
                          {"breaking", breaking},
                          {"findings", nlohmann::json::array()}};
    for (const Finding& f : findings) doc["findings"].push_back(to_json(f, mode));
    out << doc.dump(2) << '\n';
    return breaking;
  }
  for (const Finding& f : findings) {
    if (!breaks_under(f, mode)) continue;
    std::string against = f.against.empty() ? "" : " (against " + f.against + ")";
    if (format == Format::kText) {
      out << f.pos.file << ':' << f.pos.line << ':' << f.pos.column << ": error [" << rule_id(f.rule) << "] "
          << f.message << against << " (breaks " << breaks_text(f) << ")\n";
    } else {
      out << "::error file=" << github_escape(f.pos.file, true) << ",line=" << f.pos.line << ",col=" << f.pos.column
          << ",title=" << github_escape(rule_id(f.rule), true) << "::" << github_escape(f.message + against, false)
          << '\n';
    }
  }
  return breaking;
}

}  // namespace avx::codegen::compat
