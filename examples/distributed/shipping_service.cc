// The shipping service: a member of the consumer group "shipping", which shares the OrderPlaced
// events among its members (each handled by one of them), ships each order and publishes
// OrderShipped, caused by the event it handled.

#include <iostream>
#include <mutex>
#include <vector>

#include "examples/distributed/services.h"
#include "examples/distributed/shop.avx.h"
#include "examples/distributed/transports.h"

namespace examples::shop {

using avx::events::Envelope;
using avx::events::Status;

template <class Via>
int run_shipping(const std::string& url, const std::string& member) {
  auto bus = Via::connect(url);
  if (!bus) return std::cerr << member << ": " << bus.error().message() << '\n', 1;
  avx::events::TypeRegistry registry;
  register_types(registry);

  std::mutex m;
  std::vector<std::string> seen;
  auto ship = [&](const Envelope<OrderPlaced>& e) -> Status {
    avx::events::Metadata metadata;
    metadata.correlation_id = e.metadata.correlation_id;
    metadata.causation_id = e.metadata.event_id.to_string();
    const char* carrier = e.event.items > 2 ? "freight" : "parcel";
    if (auto sent = (*bus)->publish(OrderShipped{e.event.order_id, carrier}, metadata); !sent) {
      return avx::events::Unexpected{sent.error()};  // delivered again after a backoff
    }
    std::lock_guard lock(m);
    seen.push_back("OrderPlaced " + e.event.order_id + " for " + e.event.customer);
    return {};
  };
  auto sub = (*bus)->template subscribe<OrderPlaced>("shop.orders.*", registry, ship, Via::group("shipping"));
  if (!sub) return std::cerr << member << ": " << sub.error().message() << '\n', 1;
  std::cout << member << ": ready\n" << std::flush;
  wait_for_stop_signal();
  sub->stop();
  std::lock_guard lock(m);
  std::cout << member << " saw " << seen.size() << " event(s):\n";
  for (const std::string& line : seen) std::cout << "  " << line << '\n';
  return 0;
}

template int run_shipping<ViaNats>(const std::string& url, const std::string& member);
template int run_shipping<ViaRedis>(const std::string& url, const std::string& member);

}  // namespace examples::shop
