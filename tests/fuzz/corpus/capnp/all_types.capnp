# The Cap'n Proto twin of all_types.yaml: both must generate the same code.
@0xa9e3164345ed4406;
using Avx = import "/avx/events/annotations.capnp";
$Avx.package("tests.all");

enum Color { red @0; green @1; blue @2; }

struct Point {
  x @0 :Float64;
  y @1 :Float64;
}

struct Shape {
  name @0 :Text;
  points @1 :List(Point);
  color @2 :Color = green;
}

struct Everything $Avx.event(topic = "tests.all.everything") {
  flag @0 :Bool;
  i32 @1 :Int32;
  i64 @2 :Int64;
  u32 @3 :UInt32;
  u64 @4 :UInt64;
  f32 @5 :Float32;
  f64 @6 :Float64;
  text @7 :Text;
  blob @8 :Data;
  at @9 :Int64 $Avx.timestamp;
  took @10 :Int64 $Avx.duration;
  id @11 :Text $Avx.uuid;
  color @12 :Color;
  shape @13 :Shape;
  numbers @14 :List(Int64);
  names @15 :List(Text);
  blobs @16 :List(Data);
  grid @17 :List(List(Int32));
  colors @18 :List(Color);
  shapes @19 :List(Shape);
  byName @20 :List(ShapeEntry) $Avx.map;
  counts @21 :List(CountEntry) $Avx.map;
  nested @22 :List(NestedEntry) $Avx.map;
  maybeText @23 :Text $Avx.optional;
  maybeInt @24 :Int32 $Avx.optional;
  maybeColor @25 :Color $Avx.optional;
  maybeAt @26 :Int64 $Avx.timestamp $Avx.optional;
  maybeShape @27 :Shape $Avx.optional;
  label @28 :Text = "hello \"world\"";
  level @29 :Int32 = -7;
  ratio @30 :Float64 = 0.5;
  enabled @31 :Bool = true;
  oldField @32 :Text $Avx.optional $Avx.deprecated;
}
struct ShapeEntry { key @0 :Text; value @1 :Shape; }
struct CountEntry { key @0 :Text; value @1 :Int64; }
struct NestedEntry { key @0 :Text; value @1 :List(TextEntry) $Avx.map; }
struct TextEntry { key @0 :Text; value @1 :Text; }

struct Empty $Avx.event() {}
