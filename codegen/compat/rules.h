#pragma once

// The compatibility rules of SCHEMA.md section 3, the modes of Confluent Schema Registry, and which
// modes each rule breaks.

#include <optional>
#include <string>
#include <string_view>

namespace avx::codegen::compat {

enum class Rule {
  kMessageRemoved,
  kVersionDecreased,
  kUpcastMissing,
  kVersionBumped,
  kFieldRemoved,
  kFieldMoved,
  kFieldTypeChanged,
  kFieldRenamed,
  kFieldAddedRequired,
  kFieldMadeRequired,
  kFieldMadeOptional,
  kFieldDeprecatedRequired,
  kFieldDefaultChanged,
  kEnumValueRemoved,
  kEnumValueAdded,
  kEnumValueMoved,
  kTopicChanged,
};

// Backward: code built from NEW reads what OLD wrote. Forward: code built from OLD reads what NEW
// writes. A rule breaks one, the other, or both (then also full).
struct Breaks {
  bool backward = false;
  bool forward = false;
};

Breaks breaks(Rule rule);
std::string_view rule_id(Rule rule);  // MESSAGE_REMOVED, ...

enum class Mode { kNone, kBackward, kForward, kFull, kBackwardTransitive, kForwardTransitive, kFullTransitive };

std::optional<Mode> parse_mode(std::string_view text);
std::string_view mode_name(Mode mode);
bool is_transitive(Mode mode);
// Whether a change that breaks `b` (or a finding of `rule`) is incompatible under `mode`.
bool breaks_under(Breaks b, Mode mode);
inline bool breaks_under(Rule rule, Mode mode) { return breaks_under(breaks(rule), mode); }
// "backward, full", "forward, full" or "all modes", for messages.
std::string breaks_text(Breaks b);

}  // namespace avx::codegen::compat
