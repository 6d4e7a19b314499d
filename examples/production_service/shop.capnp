# The Cap'n Proto twin of shop.yaml.
@0xa844b13e561e0980;
using Avx = import "/avx/events/annotations.capnp";
$Avx.package("examples.shop");

struct UserOrders {
  userId @0 :Text;
  openOrders @1 :Int32;
  totalCents @2 :Int64;
}

struct OrderPlaced $Avx.event(aggregate = "Order") {
  orderId @0 :Text;
  userId @1 :Text;
  amountCents @2 :Int64;
}
struct OrderCancelled $Avx.event(aggregate = "Order") {
  orderId @0 :Text;
  userId @1 :Text;
  amountCents @2 :Int64;
  reason @3 :Text;
}

struct Order $Avx.aggregate(id = "orderId", events = ["OrderPlaced", "OrderCancelled"]) {
  userId @0 :Text;
  amountCents @1 :Int64;
  placed @2 :Bool;
  cancelled @3 :Bool;
}

struct PlaceOrder $Avx.command(aggregate = "Order", emits = ["OrderPlaced"]) {
  orderId @0 :Text;
  userId @1 :Text;
  amountCents @2 :Int64;
}
struct CancelOrder $Avx.command(aggregate = "Order", emits = ["OrderCancelled"]) {
  orderId @0 :Text;
  reason @1 :Text;
}

struct GetUserOrders $Avx.query(returns = "UserOrders") {
  userId @0 :Text;
}
