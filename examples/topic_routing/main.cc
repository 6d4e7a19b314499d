// Topic routing with `*` and `**`: typed subscribers by pattern, and a raw subscriber that sees
// every event as encoded bytes (what a bridge to another process would forward).
//
//   bazel run //examples/topic_routing

#include <iostream>

#include <avx/events.h>

#include "examples/topic_routing/inventory.avx.h"

int main() {
  using namespace examples::inventory;
  avx::events::TopicBus bus;

  auto east = bus.subscribe<StockReceived>("inventory.east.**", [](const auto& e) {
    std::cout << "[inventory.east.**]      received " << e.event.quantity << " x " << e.event.sku << "\n";
  });
  auto reserved = bus.subscribe<StockReserved>("inventory.*.stock.reserved", [](const auto& e) {
    std::cout << "[inventory.*.stock.reserved] " << e.event.quantity << " x " << e.event.sku << " for order "
              << e.event.order_id << "\n";
  });
  auto alerts = bus.subscribe<StockDepleted>("**.alerts.*", [](const auto& e) {
    std::cout << "[**.alerts.*]            " << e.event.sku << " depleted in " << to_string(e.event.warehouse) << "\n";
  });
  auto audit = bus.subscribe_raw("inventory.**", [](const avx::events::RawEnvelope& e) {
    std::cout << "[audit inventory.**]     " << e.topic << " " << e.type << " v" << e.schema_version << ", "
              << e.payload.size() << " bytes\n";
  });

  auto invalid = bus.subscribe<StockReceived>("inventory.ea*t", [](const auto&) {});
  std::cout << "subscribing to 'inventory.ea*t' fails: " << invalid.error().message() << "\n";

  bus.publish(StockReceived{"sku-1", 40});
  bus.publish(StockReserved{"sku-1", 2, "order-17"});
  bus.publish(StockDepleted{"sku-9"});
  std::cout << "topic_matches(\"inventory.**\", \"inventory\") = " << std::boolalpha
            << avx::events::topic_matches("inventory.**", "inventory") << "\n";
  return 0;
}
