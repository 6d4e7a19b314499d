# Three versions of one event, the twin of upcasts.yaml: v1 -> v2 is declarative (a rename and a
# new defaulted field), v2 -> v3 needs code (custom = true, defined by the test).
@0xbaa7529a9617f140;
using Avx = import "/avx/events/annotations.capnp";
$Avx.package("tests.upcasts");

struct AccountOpened $Avx.event(version = 3) {
  accountId @0 :Text;
  owner @1 :Text;
  balanceCents @2 :Int64;
  currency @3 :Text = "EUR";
  note @4 :Text $Avx.optional;
}

struct AccountOpenedV1 $Avx.history(event = "AccountOpened", version = 1, rename = [(from = "holder", to = "owner")]) {
  accountId @0 :Text;
  holder @1 :Text;
  balance @2 :Text;
}

struct AccountOpenedV2 $Avx.history(event = "AccountOpened", version = 2, custom = true) {
  accountId @0 :Text;
  owner @1 :Text;
  balance @2 :Text;
  currency @3 :Text = "USD";
}
