// The Cap'n Proto front end keeps the YAML front end's standard: every error at its line and
// column, all at once, nothing written. The compiler's own errors (syntax, names, imports) come
// at its positions; ours (what avx-events cannot express) at the declaration they concern.

#include <random>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/codegen/schema_errors.h"

namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kHeader[] =
    "@0xd1a5c0ffee15b00c;\n"
    "using Avx = import \"/avx/events/annotations.capnp\";\n"
    "$Avx.package(\"a.b\");\n";

class CapnpErrors : public avx::test_support::SchemaErrors {
 protected:
  // Diagnostics of a schema whose declarations (from line 4 on) are `body`.
  std::string of(const std::string& body) { return errors_of(kHeader + body, "s.capnp"); }
};

TEST_F(CapnpErrors, ValidSchemaHasNone) {
  EXPECT_EQ(of("enum Color { red @0; darkRed @1; }\n"
               "struct Point { x @0 :Float64; c @1 :Color = darkRed; }\n"
               "struct Moved $Avx.event() { to @0 :Point; at @1 :Int64 $Avx.timestamp; }\n"),
            "");
}

TEST_F(CapnpErrors, CompilerErrorsAtTheirPositions) {
  EXPECT_EQ(of("struct E $Avx.event() { a @0 Text; }"), "s.capnp:4:34: error: Parse error.\n");
  EXPECT_EQ(of("struct E $Avx.event() { a @0 :Moneyy; }"), "s.capnp:4:31: error: Not defined: Moneyy\n");
  EXPECT_EQ(of("struct E $Avx.event() { a @0 :Text; b @2 :Text; }"),
            "s.capnp:4:40: error: Skipped ordinal @1.  Ordinals must be sequential with no holes.\n");
}

TEST_F(CapnpErrors, FailedImportAndWhatDependsOnIt) {
  EXPECT_EQ(of("using X = import \"nope.capnp\";\nstruct E $Avx.event() { a @0 :X.T; }"),
            "s.capnp:4:18: error: Import failed: nope.capnp\n"
            "s.capnp:5:31: error: Not defined: X\n");
}

TEST_F(CapnpErrors, UnionsGroupsAndOtherDeclarations) {
  EXPECT_EQ(of("struct E $Avx.event() { union { a @0 :Text; b @1 :Int32; } }\n"
               "struct F $Avx.event() { g :group { x @0 :Text; } }\n"
               "interface I { f @0 () -> (); }\n"
               "const c :Int32 = 3;\n"),
            "s.capnp:4:33: error: 'a' is a union member; unions are not supported\n"
            "s.capnp:4:45: error: 'b' is a union member; unions are not supported\n"
            "s.capnp:5:25: error: 'g' is a group; groups are not supported\n"
            "s.capnp:6:1: error: interface I: only structs and enums can be declared in an avx-events schema\n"
            "s.capnp:7:1: error: const c: only structs and enums can be declared in an avx-events schema\n");
}

TEST_F(CapnpErrors, TypesTheModelCannotExpress) {
  EXPECT_EQ(of("struct G(T) { v @0 :T; }\n"
               "struct E $Avx.event() { g @0 :G(Text); p @1 :AnyPointer; i @2 :Int8; v @3 :Void; }\n"),
            "s.capnp:4:1: error: G is generic; generics are not supported\n"
            "s.capnp:5:25: error: G is generic; generics are not supported\n"
            "s.capnp:5:40: error: a field cannot be AnyPointer\n"
            "s.capnp:5:58: error: a field cannot be Int8 (use Int32)\n"
            "s.capnp:5:70: error: a field cannot be Void\n");
}

TEST_F(CapnpErrors, NamesThatDoNotMapBothWays) {
  EXPECT_EQ(of("struct E $Avx.event() { orderID @0 :Text; }\nenum Color { red @0; darkRED @1; }\n"),
            "s.capnp:4:25: error: field 'orderID' has no lower_snake name that maps back to it (order_id -> orderId); "
            "write it as 'orderId'\n"
            "s.capnp:5:22: error: enumerant 'darkRED' has no UPPER_SNAKE name that maps back to it (DARK_RED -> "
            "darkRed); write it as 'darkRed'\n");
}

TEST_F(CapnpErrors, FieldAnnotationsOnTheWrongTypes) {
  EXPECT_EQ(of("struct E $Avx.event() {\n"
               "  m @0 :List(Text) $Avx.map;\n"
               "  t @1 :Text $Avx.timestamp;\n"
               "  u @2 :Int64 $Avx.uuid;\n"
               "  x @3 :Int64 $Avx.timestamp $Avx.duration;\n"
               "}\n"),
            "s.capnp:5:3: error: $Avx.map goes on List(Entry) where Entry is {key @0 :Text; value @1 :T}\n"
            "s.capnp:6:3: error: $Avx.timestamp and $Avx.duration go on Int64 fields\n"
            "s.capnp:7:3: error: $Avx.uuid goes on Text fields\n"
            "s.capnp:8:3: error: a field takes at most one of $Avx.timestamp, $Avx.duration, $Avx.uuid and $Avx.map\n");
}

TEST_F(CapnpErrors, MapEntriesAndHistoryAreNotTypes) {
  EXPECT_EQ(of("struct Entry { key @0 :Text; value @1 :Int32; }\n"
               "struct Bad { k @0 :Int32; v @1 :Int32; }\n"
               "struct EV1 $Avx.history(event = \"Nope\", version = 1) { a @0 :Text; }\n"
               "struct E $Avx.event() { m @0 :List(Entry) $Avx.map; e @1 :Entry; h @2 :EV1; b @3 :List(Bad) $Avx.map; }\n"),
            "s.capnp:6:33: error: EV1 is $Avx.history of 'Nope', which is not an event of this file\n"
            "s.capnp:7:53: error: Entry is a map entry (used with $Avx.map), not a type a field can have\n"
            "s.capnp:7:66: error: EV1 is an earlier version of an event ($Avx.history), not a type a field can have\n"
            "s.capnp:7:77: error: $Avx.map goes on List(Entry) where Entry is {key @0 :Text; value @1 :T}; Bad is not\n");
}

TEST_F(CapnpErrors, OneRoleAndNothingNested) {
  EXPECT_EQ(of("struct E $Avx.event() $Avx.command() { a @0 :Text; }\n"
               "struct F $Avx.event() { struct In { a @0 :Text; } a @0 :Text; }\n"),
            "s.capnp:4:1: error: E has two of $Avx.event, history, aggregate, command and query; one is its role\n"
            "s.capnp:5:1: error: F declares something inside it; declare types at the top level\n");
}

TEST_F(CapnpErrors, AnnotationTargetsAreCheckedByTheCompiler) {
  EXPECT_EQ(of("struct E { a @0 :Text $Avx.event(); }"),
            "s.capnp:4:24: error: 'Avx.event' cannot be applied to this kind of declaration.\n");
}

// The model's checks are the YAML front end's, unchanged: here the aggregate's id field and a
// default on a timestamp.
TEST_F(CapnpErrors, ModelChecksRunUnchanged) {
  EXPECT_EQ(of("struct O $Avx.aggregate(id = \"orderId\", events = [\"E\"]) { s @0 :Text; }\n"
               "struct E $Avx.event(aggregate = \"O\") { a @0 :Text; at @1 :Int64 = 5 $Avx.timestamp; }\n"),
            "s.capnp:4:51: error: event E of aggregate O must carry its id field 'order_id'\n"
            "s.capnp:5:52: error: field 'at' in event E: only bool, number, string and enum fields can have a "
            "default; timestamp cannot\n");
}

TEST_F(CapnpErrors, MissingPackageOrId) {
  EXPECT_EQ(errors_of("@0xd1a5c0ffee15b00c;\nstruct E { a @0 :Text; }\n", "s.capnp"),
            "s.capnp:1:1: error: no package: add `$Avx.package(\"your.package\");` after the file id, with `using "
            "Avx = import \"/avx/events/annotations.capnp\";`\n");
  EXPECT_THAT(errors_of("", "s.capnp"), StartsWith("s.capnp:1:1: error: File does not declare an ID."));
}

// Hostile bytes never crash or hang the front end: they are errors.
TEST_F(CapnpErrors, RandomBytesAreErrors) {
  std::mt19937 rng(20261127);
  for (int i = 0; i < 200; ++i) {
    std::string bytes(rng() % 2000, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    if (i % 2) bytes = kHeader + bytes;  // past the header, into declarations
    EXPECT_THAT(errors_of(bytes, "s.capnp"), HasSubstr("s.capnp:")) << "case " << i;
  }
}

}  // namespace
