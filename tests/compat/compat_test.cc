// The rules of SCHEMA.md section 3, each under every mode.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "codegen/compat/rules.h"
#include "tests/compat/schema_fixture.h"

namespace {

using avx::codegen::compat::breaks_under;
using avx::codegen::compat::Finding;
using avx::codegen::compat::Mode;
using avx::codegen::compat::Rule;
using avx::codegen::compat::rule_id;
using avx::testing::compare_texts;

const std::string kHeader = "package: shop.orders\n";

std::vector<std::string> ids(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.emplace_back(rule_id(f.rule));
  return out;
}

struct Case {
  const char* name;
  std::string old_body, new_body;
  Rule rule;
  bool backward, forward;  // which modes the rule breaks
};

const Case kCases[] = {
    {"MessageRemoved", "events:\n  A: {fields: {x: string}}\n  B: {fields: {x: string}}\n",
     "events:\n  A: {fields: {x: string}}\n", Rule::kMessageRemoved, true, false},
    {"VersionDecreased", "events:\n  A:\n    version: 2\n    fields: {x: string}\n    history:\n      1: {fields: {x: string}, upcast: {}}\n",
     "events:\n  A: {fields: {x: string}}\n", Rule::kVersionDecreased, true, true},
    {"UpcastMissing", "events:\n  A: {fields: {x: string}}\n", "events:\n  A:\n    version: 2\n    fields: {x: string}\n",
     Rule::kUpcastMissing, true, false},
    {"VersionBumped", "events:\n  A: {fields: {x: string}}\n",
     "events:\n  A:\n    version: 2\n    fields: {y: int32}\n    history:\n      1: {fields: {x: string}, upcast: custom}\n",
     Rule::kVersionBumped, false, true},
    {"FieldRemoved", "events:\n  A: {fields: {x: string, y: int32}}\n", "events:\n  A: {fields: {x: string}}\n",
     Rule::kFieldRemoved, true, true},
    {"FieldMoved", "events:\n  A: {fields: {x: string, y: int32}}\n", "events:\n  A: {fields: {y: int32, x: string}}\n",
     Rule::kFieldMoved, true, true},
    {"FieldTypeChanged", "events:\n  A: {fields: {x: int64}}\n", "events:\n  A: {fields: {x: int32}}\n",
     Rule::kFieldTypeChanged, true, true},
    {"FieldRenamed", "events:\n  A: {fields: {x: string}}\n", "events:\n  A: {fields: {z: string}}\n",
     Rule::kFieldRenamed, true, true},
    {"FieldAddedRequired", "events:\n  A: {fields: {x: string}}\n", "events:\n  A: {fields: {x: string, y: int32}}\n",
     Rule::kFieldAddedRequired, true, false},
    {"FieldMadeRequired", "events:\n  A: {fields: {x: {type: string, optional: true}}}\n",
     "events:\n  A: {fields: {x: string}}\n", Rule::kFieldMadeRequired, true, false},
    {"FieldMadeOptional", "events:\n  A: {fields: {x: string}}\n",
     "events:\n  A: {fields: {x: {type: string, optional: true}}}\n", Rule::kFieldMadeOptional, false, true},
    {"FieldDeprecatedRequired", "events:\n  A: {fields: {x: string}}\n",
     "events:\n  A: {fields: {x: {type: string, deprecated: true}}}\n", Rule::kFieldDeprecatedRequired, false, true},
    {"FieldDefaultChanged", "events:\n  A: {fields: {x: {type: int32, default: 5}}}\n",
     "events:\n  A: {fields: {x: {type: int32, default: 6}}}\n", Rule::kFieldDefaultChanged, true, true},
    {"EnumValueRemoved", "enums:\n  C: [USD, EUR]\n", "enums:\n  C: [USD]\n", Rule::kEnumValueRemoved, true, false},
    {"EnumValueAdded", "enums:\n  C: [USD]\n", "enums:\n  C: [USD, EUR]\n", Rule::kEnumValueAdded, false, true},
    {"EnumValueMoved", "enums:\n  C: [USD, EUR]\n", "enums:\n  C: [EUR, USD]\n", Rule::kEnumValueMoved, true, true},
    {"TopicChanged", "events:\n  A: {fields: {x: string}}\n", "events:\n  A: {topic: shop.a, fields: {x: string}}\n",
     Rule::kTopicChanged, true, true},
};

class EachRule : public ::testing::TestWithParam<Case> {};

TEST_P(EachRule, IsFoundAndBreaksExactlyItsModes) {
  const Case& c = GetParam();
  auto findings = compare_texts(kHeader + c.old_body, kHeader + c.new_body);
  ASSERT_THAT(ids(findings), ::testing::Contains(std::string(rule_id(c.rule))));
  EXPECT_EQ(breaks_under(c.rule, Mode::kBackward), c.backward);
  EXPECT_EQ(breaks_under(c.rule, Mode::kBackwardTransitive), c.backward);
  EXPECT_EQ(breaks_under(c.rule, Mode::kForward), c.forward);
  EXPECT_EQ(breaks_under(c.rule, Mode::kForwardTransitive), c.forward);
  EXPECT_TRUE(breaks_under(c.rule, Mode::kFull));
  EXPECT_TRUE(breaks_under(c.rule, Mode::kFullTransitive));
  EXPECT_FALSE(breaks_under(c.rule, Mode::kNone));
  for (const auto& f : findings) {
    EXPECT_GT(f.pos.line, 0) << f.message;
    EXPECT_THAT(f.pos.file, ::testing::EndsWith("s.yaml"));
  }
}

INSTANTIATE_TEST_SUITE_P(Compat, EachRule, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Compat, IdenticalSchemasHaveNoFindings) {
  std::string text = kHeader + "enums:\n  C: [USD]\ntypes:\n  M: {fields: {c: C, n: int64}}\nevents:\n  A: {fields: {m: M, l: list<M>}}\n";
  EXPECT_TRUE(compare_texts(text, text).empty());
}

TEST(Compat, CompatibleChangesHaveNoBreakingFindingsInAnyMode) {
  auto findings = compare_texts(
      kHeader + "types:\n  M: {fields: {n: int64}}\nevents:\n  A: {fields: {x: string, o: {type: string, optional: true}}}\n",
      kHeader + "types:\n  M: {fields: {n: int64}}\n  N: {fields: {k: string}}\n"
                "events:\n  A: {fields: {x: string, o: {type: string, optional: true, deprecated: true},"
                " y: {type: int32, default: 3}, z: {type: string, optional: true}, l: list<M>}}\n"
                "  B: {fields: {q: string}}\n");
  EXPECT_TRUE(findings.empty()) << ::testing::PrintToString(ids(findings));
}

TEST(Compat, VersionBumpWithMatchingHistoryReportsOnlyVersionBumped) {
  auto findings = compare_texts(
      kHeader + "events:\n  A: {fields: {x: string, amount: int64}}\n",
      kHeader + "events:\n  A:\n    version: 2\n    fields: {x: string, total: int64, channel: string}\n"
                "    history:\n      1:\n        fields: {x: string, amount: int64}\n        upcast: custom\n");
  EXPECT_EQ(ids(findings), std::vector<std::string>{"VERSION_BUMPED"});
}

TEST(Compat, VersionBumpWhoseHistoryDiffersFromTheOldShapeIsReported) {
  auto findings = compare_texts(
      kHeader + "events:\n  A: {fields: {x: string, amount: int64}}\n",
      kHeader + "events:\n  A:\n    version: 2\n    fields: {x: string}\n"
                "    history:\n      1:\n        fields: {x: string}\n        upcast: {}\n");
  EXPECT_THAT(ids(findings), ::testing::UnorderedElementsAre("VERSION_BUMPED", "FIELD_REMOVED"));
  for (const auto& f : findings) {
    if (f.rule == Rule::kFieldRemoved) {
      EXPECT_THAT(f.message, ::testing::HasSubstr("version 1 (history)"));
    }
  }
}

TEST(Compat, RecordUsedBySeveralEventsIsReportedOnce) {
  auto findings = compare_texts(
      kHeader + "types:\n  M: {fields: {n: int64}}\nevents:\n  A: {fields: {m: M}}\n  B: {fields: {m: M}}\n",
      kHeader + "types:\n  M: {fields: {n: int32}}\nevents:\n  A: {fields: {m: M}}\n  B: {fields: {m: M}}\n");
  ASSERT_EQ(ids(findings), std::vector<std::string>{"FIELD_TYPE_CHANGED"});
  EXPECT_EQ(findings[0].subject, "type shop.orders.M");
}

TEST(Compat, RemovalIsReportedAtTheOldPositionAndChangesAtTheNew) {
  auto findings = compare_texts(kHeader + "events:\n  A: {fields: {x: string}}\n  B: {fields: {x: string}}\n",
                                kHeader + "events:\n  A: {topic: shop.a, fields: {x: string}}\n");
  ASSERT_EQ(findings.size(), 2u);
  for (const auto& f : findings) {
    if (f.rule == Rule::kMessageRemoved) {
      EXPECT_THAT(f.pos.file, ::testing::HasSubstr("old"));
      EXPECT_EQ(f.pos.line, 4);
    } else {
      EXPECT_THAT(f.pos.file, ::testing::HasSubstr("new"));
      EXPECT_EQ(f.pos.line, 3);
      EXPECT_EQ(f.pos.column, 14);
    }
  }
}

struct DefaultCase {
  const char* name;
  std::string before, after;  // the field's YAML
  bool changed;
};

const DefaultCase kDefaultCases[] = {
    {"Added", "x: int32", "x: {type: int32, default: 5}", true},
    {"Removed", "x: {type: int32, default: 5}", "x: int32", true},
    {"Changed", "x: {type: int32, default: 5}", "x: {type: int32, default: 6}", true},
    {"BoolFlipped", "x: {type: bool, default: true}", "x: {type: bool, default: false}", true},
    {"StringChanged", "x: {type: string, default: web}", "x: {type: string, default: app}", true},
    {"EnumChanged", "x: {type: C, default: USD}", "x: {type: C, default: EUR}", true},
    {"SameNumberSpelledDifferently", "x: {type: int64, default: 5}", "x: {type: int64, default: 05}", false},
    {"SameFloatSpelledDifferently", "x: {type: float64, default: 1.5}", "x: {type: float64, default: 1.50}", false},
    {"Unchanged", "x: {type: string, default: web}", "x: {type: string, default: web}", false},
};

class EachDefaultChange : public ::testing::TestWithParam<DefaultCase> {};

// Cap'n Proto stores scalars XOR their default: a new default changes every stored value.
TEST_P(EachDefaultChange, IsReportedAndBreaksEveryMode) {
  const DefaultCase& c = GetParam();
  const std::string enums = "enums:\n  C: [USD, EUR]\n";
  auto findings = compare_texts(kHeader + enums + "events:\n  A:\n    fields:\n      " + c.before + "\n",
                                kHeader + enums + "events:\n  A:\n    fields:\n      " + c.after + "\n");
  if (!c.changed) {
    EXPECT_TRUE(findings.empty()) << ::testing::PrintToString(ids(findings));
    return;
  }
  ASSERT_THAT(ids(findings), ::testing::Contains("FIELD_DEFAULT_CHANGED"));
  for (const auto& f : findings) {
    if (f.rule != Rule::kFieldDefaultChanged) continue;
    EXPECT_TRUE(breaks_under(f, Mode::kBackward));
    EXPECT_TRUE(breaks_under(f, Mode::kForward));
    EXPECT_EQ(f.pos.line, 7);  // the field's line in NEW
  }
}

INSTANTIATE_TEST_SUITE_P(Compat, EachDefaultChange, ::testing::ValuesIn(kDefaultCases),
                         [](const auto& info) { return std::string(info.param.name); });

// An optional scalar travels behind a pointer and a required one inline, so the layout changes.
TEST(Compat, ScalarMadeOptionalBreaksEveryMode) {
  for (const char* type : {"int32", "bool", "float64", "timestamp", "C"}) {
    std::string enums = "enums:\n  C: [USD, EUR]\n";
    auto findings = compare_texts(kHeader + enums + "events:\n  A: {fields: {x: " + type + ", y: string}}\n",
                                  kHeader + enums + "events:\n  A: {fields: {x: {type: " + type +
                                      ", optional: true}, y: string}}\n");
    ASSERT_EQ(ids(findings), std::vector<std::string>{"FIELD_MADE_OPTIONAL"}) << type;
    EXPECT_TRUE(breaks_under(findings[0], Mode::kBackward)) << type;
    EXPECT_TRUE(breaks_under(findings[0], Mode::kForward)) << type;
    EXPECT_THAT(findings[0].message, ::testing::HasSubstr("history")) << type;
  }
}

TEST(Compat, OptionalScalarMadeRequiredBreaksEveryMode) {
  auto findings = compare_texts(kHeader + "events:\n  A: {fields: {x: {type: int64, optional: true}}}\n",
                                kHeader + "events:\n  A: {fields: {x: int64}}\n");
  ASSERT_EQ(ids(findings), std::vector<std::string>{"FIELD_MADE_REQUIRED"});
  EXPECT_TRUE(breaks_under(findings[0], Mode::kForward));
}

TEST(Compat, StringMadeOptionalBreaksOnlyForward) {
  auto findings = compare_texts(kHeader + "events:\n  A: {fields: {x: string}}\n",
                                kHeader + "events:\n  A: {fields: {x: {type: string, optional: true}}}\n");
  ASSERT_EQ(ids(findings), std::vector<std::string>{"FIELD_MADE_OPTIONAL"});
  EXPECT_FALSE(breaks_under(findings[0], Mode::kBackward));
  EXPECT_TRUE(breaks_under(findings[0], Mode::kForward));
}

TEST(Compat, RenamedFieldThatBecameRequiredReportsBoth) {
  auto findings = compare_texts(kHeader + "events:\n  A: {fields: {x: {type: string, optional: true}}}\n",
                                kHeader + "events:\n  A: {fields: {y: string}}\n");
  EXPECT_THAT(ids(findings), ::testing::UnorderedElementsAre("FIELD_RENAMED", "FIELD_MADE_REQUIRED"));
}

TEST(Compat, CommandsAndQueriesFollowTheFieldRules) {
  auto findings = compare_texts(kHeader + "commands:\n  Place: {fields: {id: string}}\nqueries:\n  Get: {fields: {id: string}, returns: string}\n",
                                kHeader + "commands:\n  Place: {fields: {id: int64}}\n");
  EXPECT_THAT(ids(findings), ::testing::UnorderedElementsAre("FIELD_TYPE_CHANGED", "MESSAGE_REMOVED"));
}

// Types from imported packages are compared by their qualified name, across files.
TEST(Compat, ImportedTypesAcrossFiles) {
  auto dir = avx::testing::temp_dir("imports");
  for (const char* side : {"old", "new"}) {
    avx::testing::write_file(dir / side / "common.yaml", "package: shop.common\ntypes:\n  Money: {fields: {cents: int64}}\n"
                                                         "  Price: {fields: {cents: int64}}\n");
  }
  avx::testing::write_file(dir / "old" / "o.yaml", "package: shop.orders\nimports: [common.yaml]\n"
                                                   "events:\n  A: {fields: {m: shop.common.Money, p: shop.common.Price}}\n");
  avx::testing::write_file(dir / "new" / "o.yaml", "package: shop.orders\nimports: [common.yaml]\n"
                                                   "events:\n  A: {fields: {m: shop.common.Money, p: shop.common.Money}}\n");
  auto findings = avx::codegen::compat::compare(avx::testing::load_dir(dir / "old"), avx::testing::load_dir(dir / "new"));
  ASSERT_EQ(ids(findings), std::vector<std::string>{"FIELD_TYPE_CHANGED"});
  EXPECT_THAT(findings[0].message, ::testing::HasSubstr("from shop.common.Price to shop.common.Money"));
}

}  // namespace
