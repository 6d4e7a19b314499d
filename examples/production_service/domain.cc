#include "examples/production_service/domain.h"

namespace examples::shop {

using avx::events::Done;
using avx::events::Errc;
using avx::events::unexpected;

void Order::apply(const OrderPlaced& e) {
  state_.user_id = e.user_id;
  state_.amount_cents = e.amount_cents;
  state_.placed = true;
}

void Order::apply(const OrderCancelled&) { state_.cancelled = true; }

avx::events::Result<Done> PlaceOrderHandling::handle(OrderBase& order, const PlaceOrder& command,
                                                     const avx::events::DispatchContext&) {
  if (order.state().placed) return unexpected(Errc::kAlreadyExists, "order " + order.id() + " was already placed");
  if (command.user_id.empty()) return unexpected(Errc::kInvalidArgument, "an order needs a user_id");
  if (command.amount_cents <= 0) return unexpected(Errc::kInvalidArgument, "an order's amount must be positive");
  order.record(OrderPlaced{command.order_id, command.user_id, command.amount_cents});
  return Done{};
}

avx::events::Result<Done> CancelOrderHandling::handle(OrderBase& order, const CancelOrder& command,
                                                      const avx::events::DispatchContext&) {
  if (!order.state().placed) return unexpected(Errc::kNotFound, "no order " + order.id());
  if (order.state().cancelled) return unexpected(Errc::kFailedPrecondition, "order " + order.id() + " is cancelled");
  order.record(OrderCancelled{command.order_id, order.state().user_id, order.state().amount_cents, command.reason});
  return Done{};
}

avx::events::Status UserOrdersProjection::on(const OrderPlaced& e, const avx::events::Metadata&) {
  std::lock_guard lock(mutex_);
  UserOrders& user = users_[e.user_id];
  user.user_id = e.user_id;
  user.open_orders += 1;
  user.total_cents += e.amount_cents;
  return {};
}

avx::events::Status UserOrdersProjection::on(const OrderCancelled& e, const avx::events::Metadata&) {
  std::lock_guard lock(mutex_);
  UserOrders& user = users_[e.user_id];
  user.open_orders -= 1;
  user.total_cents -= e.amount_cents;
  return {};
}

avx::events::Result<UserOrders> UserOrdersProjection::handle(const GetUserOrders& query,
                                                             const avx::events::DispatchContext&) {
  std::lock_guard lock(mutex_);
  auto it = users_.find(query.user_id);
  if (it == users_.end()) return UserOrders{query.user_id, 0, 0};
  return it->second;
}

avx::events::Status ReceiptMailer::on(const OrderPlaced& e, const avx::events::Metadata&) {
  if (e.amount_cents > kLimitCents) {
    return unexpected(Errc::kUnavailable, "the mail provider refuses receipts above 1000.00 (order " + e.order_id + ")");
  }
  std::lock_guard lock(mutex_);
  ++sent_;
  return {};
}

std::uint64_t ReceiptMailer::sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

}  // namespace examples::shop
