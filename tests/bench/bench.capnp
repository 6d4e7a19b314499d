# The Cap'n Proto twin of bench.yaml.
@0x8cd467bb5ed38496;
using Avx = import "/avx/events/annotations.capnp";
$Avx.package("bench");

struct Tick $Avx.event(topic = "bench.ticks") {
  seq @0 :Int64;
  symbol @1 :Text;
}
