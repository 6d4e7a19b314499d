#include "avx/events/family.h"

#include <set>
#include <stdexcept>
#include <string>

#include "runtime/metrics/internal/number.h"

namespace avx::events::metrics {
namespace {

bool name_char(char c, bool first, bool colon) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
  return alpha || (!first && c >= '0' && c <= '9');
}

bool valid_name(std::string_view name, bool colon) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!name_char(name[i], i == 0, colon)) return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

void MetricFamily::add(Labels labels, double value) { samples.push_back({name, std::move(labels), value}); }

void MetricFamily::add(const Labels& labels, const HistogramSnapshot& histogram) {
  for (std::size_t i = 0; i < histogram.cumulative.size(); ++i) {
    Labels with_le = labels;
    with_le.emplace_back("le", i < histogram.bounds.size() ? detail::format_number(histogram.bounds[i]) : "+Inf");
    samples.push_back({name + "_bucket", std::move(with_le), static_cast<double>(histogram.cumulative[i])});
  }
  samples.push_back({name + "_sum", labels, histogram.sum});
  samples.push_back({name + "_count", labels, static_cast<double>(histogram.count)});
}

void check_names(std::string_view name, const Labels& labels) {
  if (!valid_name(name, true)) {
    throw std::invalid_argument("invalid metric name '" + std::string(name) + "'");
  }
  std::set<std::string_view> seen;
  for (const auto& [label, value] : labels) {
    if (!valid_name(label, false) || label.starts_with("__")) {
      throw std::invalid_argument("invalid label name '" + label + "' on metric " + std::string(name));
    }
    if (!seen.insert(label).second) {
      throw std::invalid_argument("label '" + label + "' given twice on metric " + std::string(name));
    }
  }
}

}  // namespace avx::events::metrics
