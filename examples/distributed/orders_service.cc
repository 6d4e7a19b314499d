// The orders service: answers PlaceOrder (publishing OrderPlaced) and GetOrderStatus over
// request/reply, and follows OrderShipped in the consumer group "orders"; over NATS or Redis.

#include <iostream>
#include <map>
#include <mutex>
#include <vector>

#include "examples/distributed/services.h"
#include "examples/distributed/shop.avx.h"
#include "examples/distributed/transports.h"

namespace examples::shop {

using avx::events::DispatchContext;
using avx::events::Done;
using avx::events::Envelope;
using avx::events::Result;

template <class Via>
int run_orders(const std::string& url) {
  auto bus = Via::connect(url);
  if (!bus) return std::cerr << "orders: " << bus.error().message() << '\n', 1;
  avx::events::TypeRegistry registry;
  register_types(registry);

  std::mutex m;
  std::map<std::string, std::string> status;  // order id -> placed | shipped
  std::vector<std::string> seen;
  auto place = [&](const PlaceOrder& c, const DispatchContext& context) -> Result<Done> {
    avx::events::Metadata metadata;
    metadata.aggregate_id = "Order-" + c.order_id;
    metadata.correlation_id = context.correlation_id;
    auto stored = (*bus)->publish(OrderPlaced{c.order_id, c.customer, c.items}, metadata);
    if (!stored) return avx::events::Unexpected{stored.error()};
    std::lock_guard lock(m);
    status.try_emplace(c.order_id, "placed");
    return Done{};
  };
  auto ask = [&](const GetOrderStatus& q, const DispatchContext&) -> Result<std::string> {
    std::lock_guard lock(m);
    auto it = status.find(q.order_id);
    return it == status.end() ? std::string("unknown") : it->second;
  };
  auto shipped = [&](const Envelope<OrderShipped>& e) {
    std::lock_guard lock(m);
    status[e.event.order_id] = "shipped";
    seen.push_back("OrderShipped " + e.event.order_id + " by " + e.event.carrier);
  };
  auto placing = Via::template respond<PlaceOrder>(**bus, place);
  auto asking = Via::template respond<GetOrderStatus>(**bus, ask);
  auto following = (*bus)->template subscribe<OrderShipped>("shop.shipping.*", registry, shipped, Via::group("orders"));
  if (!placing || !asking || !following) {
    const auto& e = !placing ? placing.error() : !asking ? asking.error() : following.error();
    return std::cerr << "orders: " << e.message() << '\n', 1;
  }
  std::cout << "orders: ready\n" << std::flush;
  wait_for_stop_signal();
  following->stop();
  std::lock_guard lock(m);
  std::cout << "orders saw " << seen.size() << " event(s):\n";
  for (const std::string& line : seen) std::cout << "  " << line << '\n';
  return 0;
}

template int run_orders<ViaNats>(const std::string& url);
template int run_orders<ViaRedis>(const std::string& url);

}  // namespace examples::shop
