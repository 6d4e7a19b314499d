# The Cap'n Proto twin of inventory.yaml.
@0x8ff7395e1199d0db;
using Avx = import "/avx/events/annotations.capnp";
$Avx.package("examples.inventory");

enum Warehouse { east @0; west @1; }

struct StockReceived $Avx.event(topic = "inventory.east.stock.received") {
  sku @0 :Text;
  quantity @1 :Int32;
  warehouse @2 :Warehouse = east;
}
struct StockReserved $Avx.event(topic = "inventory.east.stock.reserved") {
  sku @0 :Text;
  quantity @1 :Int32;
  orderId @2 :Text;
}
struct StockDepleted $Avx.event(topic = "inventory.west.alerts.depleted") {
  sku @0 :Text;
  warehouse @1 :Warehouse = west;
}
