# A library built from Cap'n Proto by avx_events_cc_library, importing another .capnp.
@0x83e99e93a8653bf2;
using Avx = import "/avx/events/annotations.capnp";
using Common = import "/tests/capnp/common.capnp";
$Avx.package("tests.capnp.shop");

struct Paid $Avx.event(aggregate = "Order") {
  orderId @0 :Text;
  amount @1 :Common.Money;
  channel @2 :Common.Channel = inStore;
  at @3 :Int64 $Avx.timestamp;
  tags @4 :List(TagEntry) $Avx.map;
  note @5 :Text $Avx.optional;
}
struct TagEntry { key @0 :Text; value @1 :Text; }

struct Order $Avx.aggregate(id = "orderId", events = ["Paid"]) {
  paidCents @0 :Int64;
}

struct Pay $Avx.command(aggregate = "Order", emits = ["Paid"], returns = "tests.capnp.common.Money") {
  orderId @0 :Text;
  amount @1 :Common.Money;
}
