# Records shared by shop.capnp (a Cap'n Proto import) and notes.yaml (a YAML import of a .capnp).
@0xb1d1cec4ee60b328;
using Avx = import "/avx/events/annotations.capnp";
$Avx.package("tests.capnp.common");

enum Channel { web @0; inStore @1; }

struct Money {
  cents @0 :Int64;
  currency @1 :Text = "EUR";
}
