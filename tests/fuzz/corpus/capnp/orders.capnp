# The Cap'n Proto twin of orders.yaml: both must generate the same code (tests/codegen:twins_test).
@0xd1a5c0ffee15b00c;
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

struct OrderView {
  orderId @0 :Text;
  status @1 :OrderStatus;
  total @2 :Money;
}

struct OrderPlaced $Avx.event(version = 2, topic = "tests.orders.placed", aggregate = "Order") {
  orderId @0 :Text;
  customerId @1 :Text;
  lines @2 :List(OrderLine);
  total @3 :Money;
  channel @4 :Text = "web";
  note @5 :Text $Avx.optional;
  tags @6 :List(TagsEntry) $Avx.map;
  count @7 :Int32 $Avx.optional;
}
struct TagsEntry { key @0 :Text; value @1 :List(Text); }

struct OrderPlacedV1 $Avx.history(event = "OrderPlaced", version = 1, rename = [(from = "amount", to = "total")]) {
  orderId @0 :Text;
  customerId @1 :Text;
  lines @2 :List(OrderLine);
  amount @3 :Money;
}

struct OrderPaid $Avx.event(aggregate = "Order") {
  orderId @0 :Text;
  paidAt @1 :Int64 $Avx.timestamp;
}

struct Order $Avx.aggregate(id = "orderId", events = ["OrderPlaced", "OrderPaid"], snapshotEvery = 3) {
  status @0 :OrderStatus = pending;
  total @1 :Money;
}

struct PlaceOrder $Avx.command(aggregate = "Order", emits = ["OrderPlaced"], returns = "Text") {
  orderId @0 :Text;
  customerId @1 :Text;
  lines @2 :List(OrderLine);
}

struct PayOrder $Avx.command(aggregate = "Order", emits = ["OrderPaid"]) {
  orderId @0 :Text;
}

struct NotifyCustomer $Avx.command() {
  customerId @0 :Text;
  text @1 :Text;
}

struct GetOrder $Avx.query(returns = "OrderView") {
  orderId @0 :Text;
}
