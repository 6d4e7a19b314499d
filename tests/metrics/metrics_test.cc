// The metrics component: instruments, the registry and collectors, and the exposition text,
// checked byte for byte against the Prometheus text format 0.0.4.

#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "avx/events/metrics_registry.h"
#include "avx/events/prometheus_text.h"

namespace avx::events::metrics {
namespace {

std::string text(const Registry& registry) { return to_prometheus_text(registry.collect()); }

TEST(Metrics, CountersWithLabelsAreWrittenSortedByNameWithHelpAndType) {
  Registry registry;
  registry.counter("b_total", "Second.").add(3);
  auto& placed = registry.counter("a_total", "First.", {{"event_type", "orders.OrderPlaced"}});
  placed.add();
  placed.add(2);
  registry.counter("a_total", "First.", {{"event_type", "orders.OrderShipped"}}).add();

  EXPECT_EQ(text(registry),
            "# HELP a_total First.\n"
            "# TYPE a_total counter\n"
            "a_total{event_type=\"orders.OrderPlaced\"} 3\n"
            "a_total{event_type=\"orders.OrderShipped\"} 1\n"
            "# HELP b_total Second.\n"
            "# TYPE b_total counter\n"
            "b_total 3\n");
}

TEST(Metrics, TheSameNameAndLabelsGiveTheSameInstrument) {
  Registry registry;
  Counter& a = registry.counter("x_total", "X.", {{"k", "v"}});
  Counter& b = registry.counter("x_total", "X.", {{"k", "v"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &registry.counter("x_total", "X.", {{"k", "w"}}));
}

TEST(Metrics, HelpAndLabelValuesAreEscaped) {
  Registry registry;
  registry.gauge("g", "back\\slash\nnew \"line\"", {{"path", "a\\b\n\"c\""}}).set(-1.5);
  EXPECT_EQ(text(registry),
            "# HELP g back\\\\slash\\nnew \"line\"\n"
            "# TYPE g gauge\n"
            "g{path=\"a\\\\b\\n\\\"c\\\"\"} -1.5\n");
}

TEST(Metrics, HistogramBucketsAreCumulativeWithLeLastAndInf) {
  Registry registry;
  auto& h = registry.histogram("d_seconds", "D.", {{"subscription", "s"}}, {0.1, 1});
  h.observe(0.05);
  h.observe(0.1);  // on the bound: "less than or equal"
  h.observe(0.5);
  h.observe(7);
  h.observe(std::numeric_limits<double>::quiet_NaN());  // ignored
  EXPECT_EQ(text(registry),
            "# HELP d_seconds D.\n"
            "# TYPE d_seconds histogram\n"
            "d_seconds_bucket{subscription=\"s\",le=\"0.1\"} 2\n"
            "d_seconds_bucket{subscription=\"s\",le=\"1\"} 3\n"
            "d_seconds_bucket{subscription=\"s\",le=\"+Inf\"} 4\n"
            "d_seconds_sum{subscription=\"s\"} 7.65\n"
            "d_seconds_count{subscription=\"s\"} 4\n");
}

TEST(Metrics, SpecialValuesAreSpelledAsTheFormatSays) {
  Registry registry;
  registry.gauge("a", "A.", {{"v", "inf"}}).set(std::numeric_limits<double>::infinity());
  registry.gauge("a", "A.", {{"v", "minus"}}).set(-std::numeric_limits<double>::infinity());
  registry.gauge("a", "A.", {{"v", "nan"}}).set(std::numeric_limits<double>::quiet_NaN());
  registry.gauge("a", "A.", {{"v", "big"}}).set(1e300);
  EXPECT_EQ(text(registry),
            "# HELP a A.\n# TYPE a gauge\n"
            "a{v=\"big\"} 1e+300\n"
            "a{v=\"inf\"} +Inf\n"
            "a{v=\"minus\"} -Inf\n"
            "a{v=\"nan\"} NaN\n");
}

RC_GTEST_PROP(MetricsProperty, GaugeValuesReadBackExactly, (double value)) {
  RC_PRE(std::isfinite(value));
  Registry registry;
  registry.gauge("g", "G.").set(value);
  std::string page = text(registry);
  std::string line = page.substr(page.rfind("\ng ") + 3);
  RC_ASSERT(std::strtod(line.c_str(), nullptr) == value);
}

TEST(Metrics, InvalidNamesAndTypeClashesAreRefused) {
  Registry registry;
  EXPECT_THROW(registry.counter("1abc", "x"), std::invalid_argument);
  EXPECT_THROW(registry.counter("a-b", "x"), std::invalid_argument);
  EXPECT_THROW(registry.counter("ok", "x", {{"__reserved", "v"}}), std::invalid_argument);
  EXPECT_THROW(registry.counter("ok", "x", {{"a:b", "v"}}), std::invalid_argument);
  EXPECT_THROW(registry.counter("ok", "x", {{"k", "1"}, {"k", "2"}}), std::invalid_argument);
  registry.counter("c_total", "C.");
  EXPECT_THROW(registry.gauge("c_total", "C."), std::invalid_argument);
  registry.histogram("h", "H.", {}, {1, 2});
  EXPECT_THROW(registry.histogram("h", "H.", {{"k", "v"}}, {1, 3}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("h2", "H.", {}, {2, 1}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("h3", "H.", {}, {1, std::numeric_limits<double>::infinity()}),
               std::invalid_argument);
  EXPECT_EQ(text(registry), "# HELP c_total C.\n# TYPE c_total counter\nc_total 0\n"
                            "# HELP h H.\n# TYPE h histogram\n"
                            "h_bucket{le=\"1\"} 0\nh_bucket{le=\"2\"} 0\nh_bucket{le=\"+Inf\"} 0\nh_sum 0\nh_count 0\n");
}

TEST(Metrics, CollectorsAreMergedIntoFamiliesAndRemovedWithTheirHandle) {
  Registry registry;
  registry.counter("p_total", "P.", {{"event_type", "a"}}).add(1);
  int runs = 0;
  CollectorHandle handle = registry.add_collector([&](std::vector<MetricFamily>& out) {
    ++runs;
    MetricFamily f{"p_total", "P.", MetricType::kCounter, {}};
    f.add({{"event_type", "b"}}, 5);
    out.push_back(std::move(f));
    MetricFamily clash{"p_total", "P.", MetricType::kGauge, {}};  // disagrees: dropped
    clash.add({{"event_type", "c"}}, 9);
    out.push_back(std::move(clash));
  });
  EXPECT_EQ(text(registry),
            "# HELP p_total P.\n# TYPE p_total counter\n"
            "p_total{event_type=\"a\"} 1\n"
            "p_total{event_type=\"b\"} 5\n");
  handle.reset();
  EXPECT_EQ(text(registry), "# HELP p_total P.\n# TYPE p_total counter\np_total{event_type=\"a\"} 1\n");
  EXPECT_EQ(runs, 1);
}

TEST(Metrics, AHandleMayOutliveItsRegistry) {
  CollectorHandle handle;
  {
    Registry registry;
    handle = registry.add_collector([](std::vector<MetricFamily>&) {});
  }
  handle.reset();  // no registry left: nothing to do, and no crash
  SUCCEED();
}

TEST(Metrics, ConcurrentRecordingLosesNothing) {
  Registry registry;
  auto& counter = registry.counter("n_total", "N.");
  auto& histogram = registry.histogram("n_seconds", "N.", {}, {0.5});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        counter.add();
        histogram.observe(i % 2 == 0 ? 0.25 : 1.0);
      }
    });
  }
  std::thread scraper([&] {
    for (int i = 0; i < 20; ++i) text(registry);
  });
  for (auto& t : threads) t.join();
  scraper.join();
  EXPECT_EQ(counter.value(), 40000u);
  HistogramSnapshot s = histogram.snapshot();
  EXPECT_EQ(s.cumulative, (std::vector<std::uint64_t>{20000, 40000}));
  EXPECT_EQ(s.count, 40000u);
  EXPECT_DOUBLE_EQ(s.sum, 20000 * 0.25 + 20000 * 1.0);
}

}  // namespace
}  // namespace avx::events::metrics
