# The Cap'n Proto twin of shop.yaml.
@0xe299e8c967919e3d;
using Avx = import "/avx/events/annotations.capnp";
$Avx.package("examples.shop");

struct OrderPlaced $Avx.event(topic = "shop.orders.placed") {
  orderId @0 :Text;
  customer @1 :Text;
  items @2 :Int32;
}
struct OrderShipped $Avx.event(topic = "shop.shipping.shipped") {
  orderId @0 :Text;
  carrier @1 :Text;
}

struct PlaceOrder $Avx.command() {
  orderId @0 :Text;
  customer @1 :Text;
  items @2 :Int32;
}

struct GetOrderStatus $Avx.query(returns = "Text") {  # "placed", "shipped" or "unknown"
  orderId @0 :Text;
}
