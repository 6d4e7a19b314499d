// Properties over random schemas (rapidcheck): a schema is compatible with itself, and appending
// optional fields never breaks any mode.

#include <gtest/gtest.h>  // before rapidcheck/gtest.h, which uses it without including it
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "codegen/compat/rules.h"
#include "tests/compat/schema_fixture.h"

namespace {

using avx::codegen::compat::breaks_under;
using avx::codegen::compat::Mode;

struct Spec {
  std::vector<std::vector<std::string>> enums;     // E0, E1, ...: values
  std::vector<std::vector<std::string>> records;   // R0, R1, ...: field lines
  std::vector<std::vector<std::string>> events;    // V0, V1, ...: field lines
};

// A field type that only refers to enums and to records declared before `records_before`.
std::string random_type(int enums, int records_before, int depth = 0) {
  int choice = *rc::gen::inRange(0, depth < 2 ? 10 : 7);
  static const char* kPrimitives[] = {"bool", "int32", "int64", "uint32", "uint64", "float32",
                                      "float64", "string", "bytes", "timestamp", "duration", "uuid"};
  switch (choice) {
    case 0:
    case 1:
    case 2:
    case 3: return kPrimitives[*rc::gen::inRange(0, 12)];
    case 4:
    case 5: return enums > 0 ? "E" + std::to_string(*rc::gen::inRange(0, enums)) : "string";
    case 6: return records_before > 0 ? "R" + std::to_string(*rc::gen::inRange(0, records_before)) : "int64";
    case 7:
    case 8: return "list<" + random_type(enums, records_before, depth + 1) + ">";
    default: return "map<string, " + random_type(enums, records_before, depth + 1) + ">";
  }
}

std::string random_field(const std::string& name, int enums, int records_before) {
  std::string type = random_type(enums, records_before);
  switch (*rc::gen::inRange(0, 4)) {
    case 0: return name + ": {type: " + type + ", optional: true}";
    case 1: return name + ": {type: \"" + type + "\", deprecated: " + (*rc::gen::arbitrary<bool>() ? "true" : "false") + "}";
    default: return name + ": \"" + type + "\"";
  }
}

Spec random_spec() {
  Spec spec;
  int enums = *rc::gen::inRange(0, 3);
  for (int e = 0; e < enums; ++e) {
    int n = *rc::gen::inRange(1, 5);
    std::vector<std::string> values;
    for (int v = 0; v < n; ++v) values.push_back("V" + std::to_string(v));
    spec.enums.push_back(values);
  }
  int records = *rc::gen::inRange(0, 3);
  for (int r = 0; r < records; ++r) {
    std::vector<std::string> fields;
    int n = *rc::gen::inRange(0, 5);
    for (int f = 0; f < n; ++f) fields.push_back(random_field("f" + std::to_string(f), enums, r));
    spec.records.push_back(fields);
  }
  int events = *rc::gen::inRange(1, 4);
  for (int e = 0; e < events; ++e) {
    std::vector<std::string> fields;
    int n = *rc::gen::inRange(0, 6);
    for (int f = 0; f < n; ++f) fields.push_back(random_field("f" + std::to_string(f), enums, records));
    spec.events.push_back(fields);
  }
  return spec;
}

std::string render(const Spec& spec) {
  std::string out = "package: prop.random\n";
  auto block = [&](const char* section, const char* prefix, const std::vector<std::vector<std::string>>& items) {
    if (items.empty()) return;
    out += std::string(section) + ":\n";
    for (std::size_t i = 0; i < items.size(); ++i) {
      out += "  " + std::string(prefix) + std::to_string(i) + ":\n    fields:\n";
      if (items[i].empty()) out += "      {}\n";
      for (const auto& line : items[i]) out += "      " + line + "\n";
    }
  };
  if (!spec.enums.empty()) {
    out += "enums:\n";
    for (std::size_t i = 0; i < spec.enums.size(); ++i) {
      out += "  E" + std::to_string(i) + ": [";
      for (std::size_t v = 0; v < spec.enums[i].size(); ++v) out += (v ? ", " : "") + spec.enums[i][v];
      out += "]\n";
    }
  }
  block("types", "R", spec.records);
  block("events", "Ev", spec.events);
  return out;
}

RC_GTEST_PROP(CompatProperty, EverySchemaIsCompatibleWithItself, ()) {
  std::string text = render(random_spec());
  auto findings = avx::testing::compare_texts(text, text);
  RC_ASSERT(findings.empty());
}

RC_GTEST_PROP(CompatProperty, AppendingOptionalFieldsNeverBreaksAnyMode, ()) {
  Spec before = random_spec();
  Spec after = before;
  int enums = static_cast<int>(before.enums.size());
  int records = static_cast<int>(before.records.size());
  for (std::size_t e = 0; e < after.events.size(); ++e) {
    int added = *rc::gen::inRange(0, 3);
    for (int k = 0; k < added; ++k) {
      std::string name = "added" + std::to_string(k);
      std::string type = random_type(enums, records);
      after.events[e].push_back(*rc::gen::arbitrary<bool>() ? name + ": {type: \"" + type + "\", optional: true}"
                                                            : name + ": \"list<" + type + ">\"");
    }
  }
  for (auto& record : after.records) {
    if (*rc::gen::arbitrary<bool>()) record.push_back("added: {type: string, default: \"x\"}");
  }
  auto findings = avx::testing::compare_texts(render(before), render(after));
  for (const auto& f : findings) {
    for (Mode mode : {Mode::kBackward, Mode::kForward, Mode::kFull, Mode::kBackwardTransitive,
                      Mode::kForwardTransitive, Mode::kFullTransitive}) {
      RC_ASSERT(!breaks_under(f.rule, mode));
    }
  }
}

}  // namespace
