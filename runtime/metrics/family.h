#pragma once

// What a scrape reads: metric families of samples, as the Prometheus exposition format has them.
// The registry's own instruments and the pull-time collectors both produce these.

#include <string>
#include <string_view>
#include <vector>

#include "avx/events/histogram.h"
#include "avx/events/metric.h"

namespace avx::events::metrics {

enum class MetricType { kCounter, kGauge, kHistogram };
std::string_view to_string(MetricType type);

struct Sample {
  std::string name;  // the family's name, or name_bucket / name_sum / name_count for histograms
  Labels labels;
  double value = 0;
};

struct MetricFamily {
  std::string name;
  std::string help;
  MetricType type = MetricType::kGauge;
  std::vector<Sample> samples;

  // Appends one sample named after the family.
  void add(Labels labels, double value);
  // Appends a histogram's _bucket (with an "le" label last), _sum and _count samples.
  void add(const Labels& labels, const HistogramSnapshot& histogram);
};

// Throws std::invalid_argument unless `name` is a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)
// and every label name is valid ([a-zA-Z_][a-zA-Z0-9_]*, not starting with "__", unique).
void check_names(std::string_view name, const Labels& labels);

}  // namespace avx::events::metrics
