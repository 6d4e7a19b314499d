#include "codegen/compat/rules.h"

#include <array>
#include <utility>

namespace avx::codegen::compat {
namespace {

struct RuleInfo {
  Rule rule;
  std::string_view id;
  Breaks breaks;
};

constexpr Breaks kBackward{true, false};
constexpr Breaks kForward{false, true};
constexpr Breaks kAll{true, true};

// The table of SCHEMA.md section 3.
constexpr std::array<RuleInfo, 17> kRules = {{
    {Rule::kMessageRemoved, "MESSAGE_REMOVED", kBackward},
    {Rule::kVersionDecreased, "VERSION_DECREASED", kAll},
    {Rule::kUpcastMissing, "UPCAST_MISSING", kBackward},
    {Rule::kVersionBumped, "VERSION_BUMPED", kForward},
    {Rule::kFieldRemoved, "FIELD_REMOVED", kAll},
    {Rule::kFieldMoved, "FIELD_MOVED", kAll},
    {Rule::kFieldTypeChanged, "FIELD_TYPE_CHANGED", kAll},
    {Rule::kFieldRenamed, "FIELD_RENAMED", kAll},
    {Rule::kFieldAddedRequired, "FIELD_ADDED_REQUIRED", kBackward},
    {Rule::kFieldMadeRequired, "FIELD_MADE_REQUIRED", kBackward},
    {Rule::kFieldMadeOptional, "FIELD_MADE_OPTIONAL", kForward},
    {Rule::kFieldDeprecatedRequired, "FIELD_DEPRECATED_REQUIRED", kForward},
    {Rule::kFieldDefaultChanged, "FIELD_DEFAULT_CHANGED", kAll},
    {Rule::kEnumValueRemoved, "ENUM_VALUE_REMOVED", kBackward},
    {Rule::kEnumValueAdded, "ENUM_VALUE_ADDED", kForward},
    {Rule::kEnumValueMoved, "ENUM_VALUE_MOVED", kAll},
    {Rule::kTopicChanged, "TOPIC_CHANGED", kAll},
}};

// info() indexes the table by the enum's value.
static_assert([] {
  for (std::size_t i = 0; i < kRules.size(); ++i) {
    if (kRules[i].rule != static_cast<Rule>(i)) return false;
  }
  return true;
}());

constexpr std::array<std::pair<std::string_view, Mode>, 7> kModes = {{
    {"none", Mode::kNone},
    {"backward", Mode::kBackward},
    {"forward", Mode::kForward},
    {"full", Mode::kFull},
    {"backward_transitive", Mode::kBackwardTransitive},
    {"forward_transitive", Mode::kForwardTransitive},
    {"full_transitive", Mode::kFullTransitive},
}};

const RuleInfo& info(Rule rule) { return kRules[static_cast<std::size_t>(rule)]; }

}  // namespace

Breaks breaks(Rule rule) { return info(rule).breaks; }
std::string_view rule_id(Rule rule) { return info(rule).id; }

std::optional<Mode> parse_mode(std::string_view text) {
  for (const auto& [name, mode] : kModes) {
    if (name == text) return mode;
  }
  return std::nullopt;
}

std::string_view mode_name(Mode mode) {
  for (const auto& [name, m] : kModes) {
    if (m == mode) return name;
  }
  return "?";
}

bool is_transitive(Mode mode) {
  return mode == Mode::kBackwardTransitive || mode == Mode::kForwardTransitive || mode == Mode::kFullTransitive;
}

bool breaks_under(Breaks b, Mode mode) {
  switch (mode) {
    case Mode::kNone: return false;
    case Mode::kBackward:
    case Mode::kBackwardTransitive: return b.backward;
    case Mode::kForward:
    case Mode::kForwardTransitive: return b.forward;
    case Mode::kFull:
    case Mode::kFullTransitive: return b.backward || b.forward;
  }
  return false;
}

std::string breaks_text(Breaks b) {
  if (b.backward && b.forward) return "all modes";
  return b.backward ? "backward, full" : "forward, full";
}

}  // namespace avx::codegen::compat
