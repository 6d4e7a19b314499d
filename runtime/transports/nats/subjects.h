#pragma once

// Topic patterns as NATS subjects. Our `*` is NATS's `*` (one token); our `**` (zero or more
// segments) has no exact NATS form: NATS's `>` means one or more, and only at the end.

#include <string>
#include <string_view>
#include <vector>

#include "avx/events/result.h"

namespace avx::events::nats {

// What a subscription to `pattern` asks the server for: one consumer per subject (this server
// takes one FilterSubject per consumer), and whether arrivals must still be matched here.
struct SubjectPlan {
  std::vector<std::string> subjects;
  bool filter_locally = false;

  bool operator==(const SubjectPlan&) const = default;
};

// `a.*.c` -> {a.*.c}; `a.**` -> {a, a.>} (zero segments, or one or more); `**` -> {>};
// any other `**` -> the widest subject before it (`a.**.z` -> {a.>}), filtered locally.
// Fails on an invalid pattern.
Result<SubjectPlan> plan_subjects(std::string_view pattern);

}  // namespace avx::events::nats
