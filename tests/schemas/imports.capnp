# Uses types and enums of another package (all_types.capnp); the twin of imports.yaml.
@0xb95fe868f350f9d6;
using Avx = import "/avx/events/annotations.capnp";
using All = import "all_types.capnp";
$Avx.package("tests.imports");

struct Drawn $Avx.event() {
  shape @0 :All.Shape;
  shapes @1 :List(All.Shape);
  color @2 :All.Color = blue;
  maybeColor @3 :All.Color $Avx.optional;
  byName @4 :List(ShapeEntry) $Avx.map;
}
struct ShapeEntry { key @0 :Text; value @1 :All.Shape; }
