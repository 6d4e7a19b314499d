#pragma once

// The metrics of one process (or one test). Instruments are created once, by name and labels,
// and recorded lock-free afterwards; collectors add what is cheaper to read at scrape time than
// to count on the hot path (a bus's publish counts, queue depths, subscription lag).
//
//   metrics::Registry registry;
//   auto& handled = registry.counter("avx_events_handled_total", "Handler calls.",
//                                    {{"subscription", "billing"}, {"outcome", "success"}});
//   handled.add();
//   std::string page = metrics::to_prometheus_text(registry.collect());

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "avx/events/family.h"
#include "avx/events/histogram.h"
#include "avx/events/metric.h"

namespace avx::events::metrics {

// Appends the families it reads now. Called under the registry's scrape, on the scraping thread.
using Collector = std::function<void(std::vector<MetricFamily>& out)>;

class Registry;

// Keeps a collector registered; dropping it removes the collector (safe after the registry died).
class CollectorHandle {
 public:
  CollectorHandle() = default;
  ~CollectorHandle() { reset(); }
  CollectorHandle(CollectorHandle&& other) noexcept;
  CollectorHandle& operator=(CollectorHandle&& other) noexcept;
  CollectorHandle(const CollectorHandle&) = delete;
  CollectorHandle& operator=(const CollectorHandle&) = delete;
  void reset();

 private:
  friend class Registry;
  struct State;
  CollectorHandle(std::weak_ptr<State> state, std::uint64_t id) : state_(std::move(state)), id_(id) {}
  std::weak_ptr<State> state_;
  std::uint64_t id_ = 0;
};

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The instrument of this name and labels, created on first use; the reference stays valid for
  // the registry's lifetime. Throws std::invalid_argument on an invalid name or label, or when
  // the name is already registered as another type (or a histogram with other bounds).
  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& histogram(std::string_view name, std::string_view help, const Labels& labels = {},
                       std::vector<double> bounds = default_latency_buckets());

  [[nodiscard]] CollectorHandle add_collector(Collector collector);

  // Every family, sorted by name; families of the same name from several sources are merged
  // (a collector's family whose type disagrees with the registered one is dropped).
  std::vector<MetricFamily> collect() const;

 private:
  using State = CollectorHandle::State;
  std::shared_ptr<State> state_;
};

}  // namespace avx::events::metrics
