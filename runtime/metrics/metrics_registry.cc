#include "avx/events/metrics_registry.h"

#include <algorithm>
#include <stdexcept>
#include <variant>

namespace avx::events::metrics {

namespace {

struct Family {  // the instruments of one metric name
  std::string help;
  MetricType type;
  std::vector<double> bounds;  // histograms only
  // By labels; node-based so that the instruments never move.
  std::map<Labels, std::variant<std::unique_ptr<Counter>, std::unique_ptr<Gauge>, std::unique_ptr<Histogram>>>
      instruments;
};

}  // namespace

struct CollectorHandle::State {
  mutable std::mutex mutex;
  // Held while collectors run, and by CollectorHandle::reset: once reset returns, its collector is
  // not running and never will, so it may read objects that die right after.
  mutable std::mutex run_mutex;
  std::map<std::string, Family, std::less<>> families;
  std::map<std::uint64_t, std::shared_ptr<Collector>> collectors;
  std::uint64_t next_collector = 1;

  Family& family(std::string_view name, std::string_view help, MetricType type, const Labels& labels,
                 const std::vector<double>* bounds) {
    check_names(name, labels);
    auto it = families.find(name);
    if (it == families.end()) {
      it = families.emplace(std::string(name), Family{std::string(help), type, bounds ? *bounds : std::vector<double>{}, {}})
               .first;
    }
    Family& f = it->second;
    if (f.type != type) {
      throw std::invalid_argument("metric " + std::string(name) + " is already a " + std::string(to_string(f.type)));
    }
    if (bounds != nullptr && f.bounds != *bounds) {
      throw std::invalid_argument("histogram " + std::string(name) + " is already registered with other bounds");
    }
    return f;
  }
};

CollectorHandle::CollectorHandle(CollectorHandle&& other) noexcept
    : state_(std::move(other.state_)), id_(std::exchange(other.id_, 0)) {}

CollectorHandle& CollectorHandle::operator=(CollectorHandle&& other) noexcept {
  if (this != &other) {
    reset();
    state_ = std::move(other.state_);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

void CollectorHandle::reset() {
  if (auto state = state_.lock()) {
    std::lock_guard running(state->run_mutex);
    std::lock_guard lock(state->mutex);
    state->collectors.erase(id_);
  }
  state_.reset();
  id_ = 0;
}

Registry::Registry() : state_(std::make_shared<State>()) {}
Registry::~Registry() = default;

Counter& Registry::counter(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(state_->mutex);
  auto& slot = state_->family(name, help, MetricType::kCounter, labels, nullptr).instruments[labels];
  if (slot.index() != 0 || !std::get<0>(slot)) slot = std::make_unique<Counter>();
  return *std::get<0>(slot);
}

Gauge& Registry::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(state_->mutex);
  auto& slot = state_->family(name, help, MetricType::kGauge, labels, nullptr).instruments[labels];
  if (slot.index() != 1) slot = std::make_unique<Gauge>();
  return *std::get<1>(slot);
}

Histogram& Registry::histogram(std::string_view name, std::string_view help, const Labels& labels,
                               std::vector<double> bounds) {
  Histogram probe(bounds);  // validates the bounds before anything is registered
  std::lock_guard lock(state_->mutex);
  auto& slot = state_->family(name, help, MetricType::kHistogram, labels, &bounds).instruments[labels];
  if (slot.index() != 2) slot = std::make_unique<Histogram>(std::move(bounds));
  return *std::get<2>(slot);
}

CollectorHandle Registry::add_collector(Collector collector) {
  std::lock_guard lock(state_->mutex);
  std::uint64_t id = state_->next_collector++;
  state_->collectors.emplace(id, std::make_shared<Collector>(std::move(collector)));
  return CollectorHandle(state_, id);
}

namespace {

MetricFamily snapshot(const std::string& name, const Family& f) {
  MetricFamily out{name, f.help, f.type, {}};
  for (const auto& [labels, instrument] : f.instruments) {
    switch (instrument.index()) {
      case 0:
        out.add(labels, static_cast<double>(std::get<0>(instrument)->value()));
        break;
      case 1:
        out.add(labels, std::get<1>(instrument)->value());
        break;
      default:
        out.add(labels, std::get<2>(instrument)->snapshot());
    }
  }
  return out;
}

void merge(std::vector<MetricFamily>& into, MetricFamily family) {
  auto it = std::find_if(into.begin(), into.end(), [&](const MetricFamily& f) { return f.name == family.name; });
  if (it == into.end()) {
    into.push_back(std::move(family));
  } else if (it->type == family.type) {
    for (auto& s : family.samples) it->samples.push_back(std::move(s));
  }
}

}  // namespace

std::vector<MetricFamily> Registry::collect() const {
  std::vector<MetricFamily> out;
  std::vector<std::shared_ptr<Collector>> collectors;
  std::lock_guard running(state_->run_mutex);
  {
    std::lock_guard lock(state_->mutex);
    for (const auto& [name, family] : state_->families) out.push_back(snapshot(name, family));
    for (const auto& [id, collector] : state_->collectors) collectors.push_back(collector);
  }
  // Collectors run outside the registration lock: they may take locks of their own (a store, a
  // bus), or register instruments.
  for (const auto& collector : collectors) {
    std::vector<MetricFamily> pulled;
    (*collector)(pulled);
    for (auto& family : pulled) {
      for (const auto& sample : family.samples) check_names(family.name, sample.labels);
      merge(out, std::move(family));
    }
  }
  std::sort(out.begin(), out.end(), [](const MetricFamily& a, const MetricFamily& b) { return a.name < b.name; });
  return out;
}

}  // namespace avx::events::metrics
