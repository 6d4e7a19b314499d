# The Cap'n Proto twin of greetings.yaml: the same event, the same generated code.
@0x9630648de5a58cf4;
using Avx = import "/avx/events/annotations.capnp";
$Avx.package("examples.greetings");

struct Greeted $Avx.event() {
  name @0 :Text;
  times @1 :Int32 = 1;
  note @2 :Text $Avx.optional;
}
