// Each schema error is reported at its line and column, all of them at once.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/codegen/schema_errors.h"

namespace {

using ::testing::HasSubstr;
using avx::test_support::SchemaErrors;

TEST_F(SchemaErrors, ValidSchemaHasNone) {
  EXPECT_EQ(errors_of("package: a.b\nenums:\n  E: [X, Y]\ntypes:\n  R:\n    fields:\n      e: {type: E, default: Y}\n"
                      "events:\n  Happened:\n    fields:\n      r: R\n      l: list<R>\n"),
            "");
}

TEST_F(SchemaErrors, UnknownTypeAtItsPosition) {
  EXPECT_EQ(errors_of("package: a.b\nevents:\n  E:\n    fields:\n      x: Moneyy\n"),
            "s.yaml:5:10: error: unknown type 'Moneyy' (field types are bool, int32, int64, uint32, uint64, float32, "
            "float64, string, bytes, timestamp, duration, uuid, list<T>, map<string, T>, and enums and types you "
            "declare)\n");
}

TEST_F(SchemaErrors, MalformedTypeExpressionPointsAtTheCharacter) {
  EXPECT_THAT(errors_of("package: a.b\nevents:\n  E:\n    fields:\n      x: list<int32\n"),
              HasSubstr("s.yaml:5:20: error: expected '>' to close list<...>"));
  EXPECT_THAT(errors_of("package: a.b\nevents:\n  E:\n    fields:\n      x: map<int32, string>\n"),
              HasSubstr("s.yaml:5:14: error: map keys must be string"));
}

TEST_F(SchemaErrors, DuplicateKeysAreErrors) {
  EXPECT_EQ(errors_of("package: a.b\nevents:\n  E:\n    fields:\n      x: int32\n      x: string\n"),
            "s.yaml:6:7: error: duplicate key 'x' in fields\n");
  EXPECT_EQ(errors_of("package: a.b\npackage: a.c\n"), "s.yaml:2:1: error: duplicate key 'package' in a schema file\n");
}

TEST_F(SchemaErrors, UnknownKeysListWhatIsExpected) {
  EXPECT_THAT(errors_of("package: a.b\nevnts: {}\n"),
              HasSubstr("s.yaml:2:1: error: unknown key 'evnts' in a schema file (expected one of: package, imports"));
}

TEST_F(SchemaErrors, DuplicateNamesAcrossKinds) {
  EXPECT_THAT(errors_of("package: a.b\ntypes:\n  X: {fields: {}}\nevents:\n  X: {fields: {}}\n"),
              HasSubstr("s.yaml:5:3: error: event 'X' has the same name as type 'X'"));
}

TEST_F(SchemaErrors, HistoryMustBeOlderAndUpcastsMustNameRealFields) {
  std::string out = errors_of(
      "package: a.b\nevents:\n  E:\n    version: 2\n    fields:\n      total: int64\n      must: string\n"
      "    history:\n      1:\n        fields:\n          amount: int64\n        upcast:\n          rename: {amout: total}\n");
  EXPECT_THAT(out, HasSubstr("s.yaml:13:20: error: upcast E v1 -> v2 renames 'amout', which version 1 does not have"));
  EXPECT_THAT(out, HasSubstr("s.yaml:13:11: error: upcast E v1 -> v2 leaves required field 'must' without a value"));
  EXPECT_THAT(errors_of("package: a.b\nevents:\n  E:\n    version: 2\n    fields: {}\n    history:\n      2:\n"
                        "        fields: {}\n        upcast: {}\n"),
              HasSubstr("s.yaml:7:7: error: history entry 2 of E is not older than its current version 2"));
}

TEST_F(SchemaErrors, UpcastCannotChangeATypeDeclaratively) {
  EXPECT_THAT(errors_of("package: a.b\nevents:\n  E:\n    version: 2\n    fields:\n      n: string\n"
                        "    history:\n      1:\n        fields:\n          n: int64\n        upcast: {}\n"),
              HasSubstr("cannot turn 'n' (int64) into 'n' (string); write `upcast: custom`"));
  EXPECT_EQ(errors_of("package: a.b\nevents:\n  E:\n    version: 2\n    fields:\n      n: string\n"
                      "    history:\n      1:\n        fields:\n          n: string\n"),
            "s.yaml:8:7: error: history entry 1 of E needs an upcast: `upcast: {}` to copy fields by name, "
            "`upcast: {rename: {old: new}}`, or `upcast: custom`\n");
  EXPECT_EQ(errors_of("package: a.b\nevents:\n  E:\n    version: 2\n    fields:\n      n: string\n"
                      "    history:\n      1:\n        fields:\n          n: int64\n        upcast: custom\n"),
            "");
}

TEST_F(SchemaErrors, ImportsMustExistAndNotCycle) {
  write("x/a.yaml", "package: x.a\nimports: [x/b.yaml]\n");
  write("x/b.yaml", "package: x.b\nimports: [x/a.yaml, x/none.yaml]\n");
  std::string out = errors("x/a.yaml");
  EXPECT_THAT(out, HasSubstr("x/b.yaml:2:11: error: import cycle: x/a.yaml imports itself"));
  EXPECT_THAT(out, HasSubstr("x/b.yaml:2:21: error: cannot read schema 'x/none.yaml': no such file"));
}

TEST_F(SchemaErrors, ImportedTypesNeedTheImport) {
  write("c.yaml", "package: c\ntypes:\n  Money: {fields: {cents: int64}}\n");
  write("o.yaml", "package: o\nimports: [c.yaml]\nevents:\n  E: {fields: {m: c.Money, n: d.Money}}\n");
  EXPECT_EQ(errors("o.yaml"),
            "o.yaml:4:31: error: unknown package 'd' in type 'd.Money' (add the schema declaring package d to imports:)\n");
}

// Schemas with several errors: every listed message appears (all at once, at its position), and
// none of the `absent` ones (what is valid in the same schema stays quiet).
struct ErrorCase {
  std::string name;
  std::string schema;
  std::vector<std::string> expected;
  std::vector<std::string> absent;
};

class SchemaErrorTable : public SchemaErrors, public ::testing::WithParamInterface<ErrorCase> {};

TEST_P(SchemaErrorTable, ReportsEachErrorAtItsPosition) {
  std::string out = errors_of(GetParam().schema);
  for (const std::string& message : GetParam().expected) EXPECT_THAT(out, HasSubstr(message));
  for (const std::string& quiet : GetParam().absent) EXPECT_THAT(out, ::testing::Not(HasSubstr(quiet)));
}

INSTANTIATE_TEST_SUITE_P(
    Schemas, SchemaErrorTable,
    ::testing::ValuesIn(std::vector<ErrorCase>{
        {"BadNames",
         "package: A.b\nenums:\n  color: [red]\nevents:\n  order_placed:\n    fields:\n      OrderId: string\n"
         "      class: string\n",
         {"s.yaml:1:10: error: package name 'A.b' must be lower.dotted",
          "s.yaml:3:3: error: enum name 'color' must be UpperCamel",
          "s.yaml:3:11: error: enum value 'red' must be UPPER_SNAKE or UpperCamel",
          "s.yaml:5:3: error: event name 'order_placed' must be UpperCamel",
          "s.yaml:7:7: error: field name 'OrderId' in event order_placed must be lower_snake",
          "s.yaml:8:7: error: field name 'class' in event order_placed is reserved in C++"},
         {}},
        {"BadTopics",
         "package: a.b\nevents:\n  E:\n    topic: a.*.c\n    fields: {}\n  F:\n    topic: a..b\n"
         "topics:\n  a.b.e: {events: [E, Nope]}\n",
         {"s.yaml:4:12: error: event E: topic 'a.*.c': segment 2 is a wildcard",
          "s.yaml:7:12: error: event F: topic 'a..b': segment 2 is empty",
          "s.yaml:9:20: error: topic a.b.e lists event E, which publishes on a.*.c",
          "s.yaml:9:23: error: topic a.b.e lists unknown event 'Nope'"},
         {}},
        {"RecordCycleThroughRequiredFields",
         "package: a.b\ntypes:\n  A:\n    fields:\n      b: B\n  B:\n    fields:\n      a: A\n"
         "  Tree:\n    fields:\n      children: list<Tree>\n",
         {"s.yaml:5:7: error: type A contains itself through required fields (A.b -> B.a -> A)"},
         {"Tree"}},
        {"DefaultsMustFitTheirType",
         "package: a.b\nenums:\n  E: [X]\nevents:\n  Ev:\n    fields:\n      a: {type: int32, default: 1.5}\n"
         "      b: {type: bool, default: yes}\n      c: {type: E, default: Z}\n      d: {type: int32, default: \"5\"}\n"
         "      e: {type: list<int32>, default: 1}\n      f: {type: string, default: x, optional: true}\n"
         "      g: {type: int32, default: 99999999999}\n",
         {"s.yaml:7:33: error: field 'a' in event Ev: default '1.5' is not a valid int32",
          "s.yaml:8:32: error: field 'b' in event Ev: default 'yes' is not a valid bool",
          "s.yaml:9:29: error: field 'c' in event Ev: 'Z' is not a value of enum E",
          "default '5' (quoted) is not a valid int32",
          "list<int32> cannot",
          "is optional and has a default; choose one",
          "default '99999999999' is not a valid int32"},
         {}},
        {"AggregateReferences",
         "package: a.b\nevents:\n  E:\n    aggregate: Nope\n    fields: {}\n  F:\n    aggregate: Order\n    fields: {x: string}\n"
         "aggregates:\n  Order:\n    id: order_id\n    events: [F, G]\n",
         {"s.yaml:4:16: error: event E names unknown aggregate 'Nope'",
          "s.yaml:12:14: error: event F of aggregate Order must carry its id field 'order_id'",
          "s.yaml:12:17: error: aggregate Order lists unknown event 'G'"},
         {}},
        {"AggregateEventsNameItBackAndBelongToOne",
         "package: a.b\ntypes:\n  OrderState: {fields: {}}\nevents:\n  E: {fields: {id: string}}\n"
         "  F: {aggregate: Order, fields: {id: string}}\n"
         "aggregates:\n  Order:\n    id: id\n    events: [E, F]\n  Other:\n    id: id\n    events: [F]\n",
         {"s.yaml:10:14: error: aggregate Order lists event E, which must name it back with "
           "`aggregate: Order`",
          "s.yaml:13:14: error: event F belongs to aggregates Order and Other",
          "s.yaml:8:3: error: the state of aggregate Order is generated as OrderState, which "
           "type OrderState already names"},
         {}},
        // The dispatcher loads the aggregate a command names by the aggregate's id field; a query answers.
        {"CommandsCarryTheirAggregateIdAndQueriesReturnSomething",
         "package: a.b\nevents:\n  F: {aggregate: Order, fields: {id: string}}\n"
         "aggregates:\n  Order:\n    id: id\n    events: [F]\n"
         "commands:\n  A: {aggregate: Order, fields: {x: string}}\n  B: {aggregate: Order, fields: {id: int64}}\n"
         "  C: {aggregate: Order, fields: {id: {type: string, optional: true}}}\n  D: {aggregate: Order, fields: {id: string}}\n"
         "queries:\n  Q: {fields: {}}\n  R: {fields: {}, returns: string}\n",
         {"s.yaml:9:18: error: command A of aggregate Order must carry its id field 'id' as a "
           "required string",
          "s.yaml:10:18: error: command B of aggregate Order",
          "s.yaml:11:18: error: command C of aggregate Order",
          "s.yaml:14:3: error: query Q must declare what it returns (`returns:`)"},
         {"command D", "query R"}}}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) { return info.param.name; });

TEST_F(SchemaErrors, HostileInputGetsAClearErrorNotACrash) {
  EXPECT_EQ(errors_of(std::string("package: a\0b", 12)), "s.yaml:1:11: error: control byte 0x00 in schema (is this a binary file?)\n");
  EXPECT_EQ(errors_of("package: \xff\xfe"), "s.yaml:1:10: error: invalid UTF-8 in schema (is this a binary file?)\n");
  EXPECT_THAT(errors_of(std::string(5000, '[') + std::string(5000, ']')), HasSubstr("error: invalid YAML: YAML nests too deeply"));
  EXPECT_THAT(errors_of("package: [1, 2"), HasSubstr("s.yaml:1:1: error: invalid YAML: end of sequence flow not found"));
  EXPECT_THAT(errors_of("- just\n- a list\n"), HasSubstr("s.yaml:1:1: error: a schema file must be a mapping"));
  EXPECT_EQ(errors_of(""), "s.yaml:1:1: error: schema is empty; it needs at least 'package:' (e.g. package: shop.orders)\n");
  // A small file whose aliases make the reader visit a million nodes.
  std::string bomb = "package: x\ntypes:\n  T0: {fields: &big {";
  for (int i = 0; i < 1000; ++i) bomb += (i ? ", f" : "f") + std::to_string(i) + ": int32";
  bomb += "}}\n";
  for (int i = 1; i < 1000; ++i) bomb += "  T" + std::to_string(i) + ": {fields: *big}\n";
  // One error: what the reader did not get to is not reported missing.
  const std::string errors = errors_of(bomb);
  EXPECT_THAT(errors, HasSubstr("error: schema has too many nodes for its size (aliases expanding?); the limit is "
                                "100000 plus two per byte of the file"));
  EXPECT_EQ(std::count(errors.begin(), errors.end(), '\n'), 1) << errors;
}

// The node budget grows with the file: a large schema written out in full is read (issue 17's
// scale, 5,000 events of 20 fields, had more nodes than a fixed budget allowed).
TEST_F(SchemaErrors, LargeSchemaWithoutAliasesIsRead) {
  std::string big = "package: big\nevents:\n";
  for (int e = 0; e < 2000; ++e) {
    big += "  E" + std::to_string(e) + ":\n    fields:\n";
    for (int f = 0; f < 20; ++f) big += "      f" + std::to_string(f) + ": {type: string, optional: true}\n";
  }
  EXPECT_EQ(errors_of(big), "");
}

TEST_F(SchemaErrors, AllErrorsAtOnceInPositionOrder) {
  std::string out = errors_of("package: a.b\nevents:\n  E:\n    fields:\n      x: Nope1\n      y: Nope2\n");
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2);
  EXPECT_LT(out.find("Nope1"), out.find("Nope2"));
}

}  // namespace
