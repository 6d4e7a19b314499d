#pragma once

// What a user writes for the tests' Order aggregate: one apply per event, and methods that record.

#include <string>

#include "tests/schemas/orders.avx.h"

namespace tests::orders {

class Order : public OrderBase {
 public:
  using OrderBase::OrderBase;

  void place(std::string customer, Money total) { record(OrderPlaced{id(), std::move(customer), {}, total}); }
  void pay() { record(OrderPaid{id(), avx::events::now()}); }

  void apply(const OrderPlaced& e) override {
    state_.total = e.total;
    state_.status = OrderStatus::PENDING;
    channel = e.channel;
  }
  void apply(const OrderPaid&) override { state_.status = OrderStatus::PAID; }

  std::string channel;
};

}  // namespace tests::orders
