#include "avx/events/testing/recording_bus.h"

namespace avx::events::testing {

RecordingBus::RecordingBus() : RecordingBus(BusOptions{}) {}

RecordingBus::RecordingBus(BusOptions options) : EventBus(options) {
  set_tap([this](std::string_view type, std::any envelope) {
    std::lock_guard lock(mutex_);
    recorded_.push_back({std::string(type), std::move(envelope)});
  });
}

std::vector<std::string> RecordingBus::types() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& r : recorded_) out.push_back(r.type);
  return out;
}

std::size_t RecordingBus::size() const {
  std::lock_guard lock(mutex_);
  return recorded_.size();
}

void RecordingBus::clear() {
  std::lock_guard lock(mutex_);
  recorded_.clear();
}

}  // namespace avx::events::testing
