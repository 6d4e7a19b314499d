# The Cap'n Proto twin of baseline/tests/schemas/orders.yaml: a baseline written in the other syntax.
@0xd8f437067dd428bd;
using Avx = import "/avx/events/annotations.capnp";
$Avx.package("tests.orders");

enum Currency { usd @0; eur @1; brl @2; }
enum OrderStatus { pending @0; paid @1; }

struct Money {
  amountCents @0 :Int64;
  currency @1 :Currency;
}
struct OrderLine {
  sku @0 :Text;
  quantity @1 :Int32;
  unitPrice @2 :Money;
}

struct OrderPlaced $Avx.event(topic = "tests.orders.placed", aggregate = "Order") {
  orderId @0 :Text;
  customerId @1 :Text;
  lines @2 :List(OrderLine);
  amount @3 :Money;
}
struct OrderPaid $Avx.event(aggregate = "Order") {
  orderId @0 :Text;
  paidAt @1 :Int64 $Avx.timestamp;
}

struct Order $Avx.aggregate(id = "orderId", events = ["OrderPlaced", "OrderPaid"]) {
  status @0 :OrderStatus = pending;
  total @1 :Money;
}
