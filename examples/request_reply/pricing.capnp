# The Cap'n Proto twin of pricing.yaml.
@0xf7dc5395fc0edeaf;
using Avx = import "/avx/events/annotations.capnp";
$Avx.package("examples.pricing");

struct Quote $Avx.query(returns = "Int64") {  # total price in cents
  sku @0 :Text;
  quantity @1 :Int32;
}

struct Restock $Avx.command() {
  sku @0 :Text;
  quantity @1 :Int32;
}
