#pragma once

// An EventBus that remembers everything published on it, for tests. Hand it wherever an EventBus
// goes (a Repository, generated routes, your publishers); subscribers still receive as usual.
//
//   avx::events::testing::RecordingBus bus;
//   avx::events::Repository<Order> orders(*store, &bus);
//   ... dispatch a command ...
//   EXPECT_THAT(bus.events<OrderPlaced>(), ElementsAre(Field(&OrderPlaced::order_id, "o-1")));
//   EXPECT_THAT(bus, Published<OrderPlaced>(Field(&OrderPlaced::amount_cents, 4200)));
//   EXPECT_EQ(bus.types(), (std::vector<std::string>{"shop.OrderPlaced"}));

#include <any>
#include <mutex>
#include <string>
#include <vector>

#include <gmock/gmock.h>

#include "avx/events/bus.h"

namespace avx::events::testing {

class RecordingBus : public EventBus {
 public:
  RecordingBus();
  explicit RecordingBus(BusOptions options);

  // The recorded events of type T, in publish order.
  template <Event T>
  std::vector<T> events() const {
    std::vector<T> out;
    for (const auto& e : envelopes<T>()) out.push_back(e.event);
    return out;
  }

  // The same with their metadata (ids, time, aggregate, correlation).
  template <Event T>
  std::vector<Envelope<T>> envelopes() const {
    std::lock_guard lock(mutex_);
    std::vector<Envelope<T>> out;
    for (const auto& r : recorded_) {
      if (r.type == T::kType) out.push_back(std::any_cast<const Envelope<T>&>(r.envelope));
    }
    return out;
  }

  // The kType of every recorded event, in publish order.
  std::vector<std::string> types() const;
  std::size_t size() const;
  void clear();

 private:
  struct Recorded {
    std::string type;
    std::any envelope;  // Envelope<T>
  };
  mutable std::mutex mutex_;
  std::vector<Recorded> recorded_;
};

// Matches a RecordingBus on which at least one T matching `matcher` was published.
template <Event T, class M>
::testing::Matcher<const RecordingBus&> Published(M matcher) {
  return ::testing::ResultOf(
      std::string("the ") + std::string(T::kType) + " events published",
      [](const RecordingBus& bus) { return bus.events<T>(); }, ::testing::Contains(matcher));
}

}  // namespace avx::events::testing
