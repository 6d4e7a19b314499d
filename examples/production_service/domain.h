#pragma once

// What a team writes for shop.yaml: the Order aggregate's rules, the command handlers, the
// projection that answers GetUserOrders, and the receipt mailer.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "examples/production_service/shop.avx.h"

namespace examples::shop {

class Order : public OrderBase {
 public:
  using OrderBase::OrderBase;
  void apply(const OrderPlaced& e) override;
  void apply(const OrderCancelled& e) override;
};

class PlaceOrderHandling final : public PlaceOrderHandler {
 public:
  avx::events::Result<avx::events::Done> handle(OrderBase& order, const PlaceOrder& command,
                                                const avx::events::DispatchContext& context) override;
};

class CancelOrderHandling final : public CancelOrderHandler {
 public:
  avx::events::Result<avx::events::Done> handle(OrderBase& order, const CancelOrder& command,
                                                const avx::events::DispatchContext& context) override;
};

// The read model: each user's open orders, built from the bus, read by GetUserOrders.
class UserOrdersProjection final : public Subscriber, public GetUserOrdersHandler {
 public:
  avx::events::Status on(const OrderPlaced& e, const avx::events::Metadata& m) override;
  avx::events::Status on(const OrderCancelled& e, const avx::events::Metadata& m) override;
  avx::events::Result<UserOrders> handle(const GetUserOrders& query,
                                         const avx::events::DispatchContext& context) override;

 private:
  std::mutex mutex_;
  std::map<std::string, UserOrders> users_;
};

// Mails a receipt per placed order (here: counts them). The mail provider refuses amounts above
// kLimitCents, so those orders fail, are retried, and are parked as dead letters.
class ReceiptMailer final : public Subscriber {
 public:
  static constexpr std::int64_t kLimitCents = 100000;
  avx::events::Status on(const OrderPlaced& e, const avx::events::Metadata& m) override;
  std::uint64_t sent() const;

 private:
  mutable std::mutex mutex_;
  std::uint64_t sent_ = 0;
};

}  // namespace examples::shop
