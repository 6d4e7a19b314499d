#pragma once

// What every transport's tests publish and check, whatever the broker: the orders registry, a
// typed event, a raw one, what a handler saw, and a subscription's counts in words.

#include <mutex>
#include <string>
#include <vector>

#include <avx/events/transports/consume.h>

#include "tests/schemas/orders.avx.h"

namespace avx::testing {

inline avx::events::TypeRegistry orders_registry() {
  avx::events::TypeRegistry r;
  tests::orders::register_types(r);
  return r;
}

inline tests::orders::OrderPlaced order(std::string id) {
  tests::orders::OrderPlaced o;
  o.order_id = std::move(id);
  o.customer_id = "c-1";
  o.total = {1250, tests::orders::Currency::EUR};
  o.note = "ring twice";
  return o;
}

// A raw envelope on `topic`, stamped, with `payload` as its bytes.
inline avx::events::RawEnvelope raw(std::string topic, std::string payload = "x") {
  avx::events::RawEnvelope e;
  e.topic = std::move(topic);
  e.type = "tests.Raw";
  e.payload = std::move(payload);
  avx::events::stamp(e.metadata, "tests.Raw");
  return e;
}

// What a handler saw, from its thread.
template <class T>
class Seen {
 public:
  void add(T value) {
    std::lock_guard lock(m_);
    items_.push_back(std::move(value));
  }
  std::size_t size() const {
    std::lock_guard lock(m_);
    return items_.size();
  }
  std::vector<T> items() const {
    std::lock_guard lock(m_);
    return items_;
  }

 private:
  mutable std::mutex m_;
  std::vector<T> items_;
};

// A subscription's counts, for a failed assertion's message.
template <class Subscription>
std::string describe(const Subscription& s) {
  const avx::events::transports::ConsumeStats c = s.stats();
  return "handled " + std::to_string(c.handled) + ", failed " + std::to_string(c.failed) + ", rejected " +
         std::to_string(c.rejected) + ", filtered " + std::to_string(c.filtered) + ", dead-lettered " +
         std::to_string(c.dead_lettered);
}

}  // namespace avx::testing
