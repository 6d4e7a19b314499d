# The Cap'n Proto twin of after.yaml (the wire-truth test's other side).
@0xdea27951f7e2a7aa;
using Avx = import "/avx/events/annotations.capnp";
$Avx.package("wire.after");

enum Color { red @0; green @1; blue @2; }
enum Shade { light @0; dark @1; }

struct Money { cents @0 :Int64; currency @1 :Text $Avx.optional; }

struct AppendOptional $Avx.event() {
  id @0 :Text;
  n @1 :Int32;
  note @2 :Text $Avx.optional;
  count @3 :Int32 $Avx.optional;
}
struct AppendDefaulted $Avx.event() {
  id @0 :Text;
  n @1 :Int32;
  times @2 :Int32 = 5;
  channel @3 :Text = "web";
}
struct AppendRequired $Avx.event() { id @0 :Text; k @1 :Int64; }
struct DefaultChanged $Avx.event() { times @0 :Int32 = 6; }
struct DefaultAdded $Avx.event() { times @0 :Int32 = 5; }
struct DefaultRemoved $Avx.event() { times @0 :Int32; }
struct BoolDefaultFlipped $Avx.event() { flag @0 :Bool = false; }
struct ScalarMadeOptional $Avx.event() { count @0 :Int32 $Avx.optional; tail @1 :Text; }
struct ScalarMadeRequired $Avx.event() { count @0 :Int32; tail @1 :Text; }
struct StringMadeOptional $Avx.event() { note @0 :Text $Avx.optional; }
struct StringMadeRequired $Avx.event() { note @0 :Text; }
struct RecordMadeOptional $Avx.event() { m @0 :Money $Avx.optional; }
struct EnumValueAdded $Avx.event() { c @0 :Color; }
struct EnumValueRemoved $Avx.event() { s @0 :Shade; }
struct TypeChanged $Avx.event() { x @0 :Int64; }
struct FieldMoved $Avx.event() { b @0 :Text; a @1 :Text; }
struct FieldRenamed $Avx.event() { z @0 :Text; }
struct FieldRemoved $Avx.event() { a @0 :Text; }
struct DeprecateOptional $Avx.event() { a @0 :Text; note @1 :Text $Avx.optional $Avx.deprecated; }
struct RecordFieldAppended $Avx.event() { m @0 :Money; }
struct VersionBumped $Avx.event(version = 2) {
  id @0 :Text;
  total @1 :Int64;
  channel @2 :Text = "web";
}
struct VersionBumpedV1 $Avx.history(event = "VersionBumped", version = 1, rename = [(from = "amount", to = "total")]) {
  id @0 :Text;
  amount @1 :Int64;
}
