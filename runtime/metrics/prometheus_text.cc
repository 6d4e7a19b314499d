#include "avx/events/prometheus_text.h"

#include "runtime/metrics/internal/number.h"

namespace avx::events::metrics {
namespace {

void append_escaped(std::string& out, std::string_view text, bool quote) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (quote && c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

void append_sample(std::string& out, const Sample& sample) {
  out += sample.name;
  if (!sample.labels.empty()) {
    out += '{';
    for (std::size_t i = 0; i < sample.labels.size(); ++i) {
      if (i > 0) out += ',';
      out += sample.labels[i].first;
      out += "=\"";
      append_escaped(out, sample.labels[i].second, true);
      out += '"';
    }
    out += '}';
  }
  out += ' ';
  out += detail::format_number(sample.value);
  out += '\n';
}

}  // namespace

std::string to_prometheus_text(const std::vector<MetricFamily>& families) {
  std::string out;
  for (const auto& family : families) {
    out += "# HELP ";
    out += family.name;
    out += ' ';
    append_escaped(out, family.help, false);
    out += "\n# TYPE ";
    out += family.name;
    out += ' ';
    out += to_string(family.type);
    out += '\n';
    for (const auto& sample : family.samples) append_sample(out, sample);
  }
  return out;
}

}  // namespace avx::events::metrics
