# The Cap'n Proto twin of before.yaml (the wire-truth test's one side).
@0xda76c2ec647d3de9;
using Avx = import "/avx/events/annotations.capnp";
$Avx.package("wire.before");

enum Color { red @0; green @1; }
enum Shade { light @0; dark @1; gone @2; }

struct Money { cents @0 :Int64; }

struct AppendOptional $Avx.event() { id @0 :Text; n @1 :Int32; }
struct AppendDefaulted $Avx.event() { id @0 :Text; n @1 :Int32; }
struct AppendRequired $Avx.event() { id @0 :Text; }
struct DefaultChanged $Avx.event() { times @0 :Int32 = 5; }
struct DefaultAdded $Avx.event() { times @0 :Int32; }
struct DefaultRemoved $Avx.event() { times @0 :Int32 = 5; }
struct BoolDefaultFlipped $Avx.event() { flag @0 :Bool = true; }
struct ScalarMadeOptional $Avx.event() { count @0 :Int32; tail @1 :Text; }
struct ScalarMadeRequired $Avx.event() { count @0 :Int32 $Avx.optional; tail @1 :Text; }
struct StringMadeOptional $Avx.event() { note @0 :Text; }
struct StringMadeRequired $Avx.event() { note @0 :Text $Avx.optional; }
struct RecordMadeOptional $Avx.event() { m @0 :Money; }
struct EnumValueAdded $Avx.event() { c @0 :Color; }
struct EnumValueRemoved $Avx.event() { s @0 :Shade; }
struct TypeChanged $Avx.event() { x @0 :Int32; }
struct FieldMoved $Avx.event() { a @0 :Text; b @1 :Text; }
struct FieldRenamed $Avx.event() { a @0 :Text; }
struct FieldRemoved $Avx.event() { a @0 :Text; b @1 :Int32; }
struct DeprecateOptional $Avx.event() { a @0 :Text; note @1 :Text $Avx.optional; }
struct RecordFieldAppended $Avx.event() { m @0 :Money; }
struct VersionBumped $Avx.event() { id @0 :Text; amount @1 :Int64; }
