# The Cap'n Proto twin of bank.yaml: AccountOpened is at version 2; version 1 called the owner
# `holder` and had no currency.
@0xb774c82ae9cf841e;
using Avx = import "/avx/events/annotations.capnp";
$Avx.package("examples.bank");

struct AccountOpened $Avx.event(version = 2, aggregate = "Account") {
  accountId @0 :Text;
  owner @1 :Text;
  currency @2 :Text = "EUR";
}
struct AccountOpenedV1 $Avx.history(event = "AccountOpened", version = 1, rename = [(from = "holder", to = "owner")]) {
  accountId @0 :Text;
  holder @1 :Text;
}
struct MoneyDeposited $Avx.event(aggregate = "Account") {
  accountId @0 :Text;
  amountCents @1 :Int64;
}
struct MoneyWithdrawn $Avx.event(aggregate = "Account") {
  accountId @0 :Text;
  amountCents @1 :Int64;
}

struct Account $Avx.aggregate(id = "accountId", events = ["AccountOpened", "MoneyDeposited", "MoneyWithdrawn"],
                              snapshotEvery = 5) {
  owner @0 :Text;
  currency @1 :Text = "EUR";
  balanceCents @2 :Int64;
  open @3 :Bool;
}
