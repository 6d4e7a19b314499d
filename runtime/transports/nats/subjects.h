#pragma once

// Topic patterns as NATS subjects. Our `*` is NATS's `*` (one token); our `**` (zero or more
// segments) has no exact NATS form: NATS's `>` means one or more, and only at the end.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "avx/events/partition.h"
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

// The durable consumer of consumer group `group` on `subject`: the group's name made NATS-safe
// (`.`, `*`, `>` and spaces become `_`) plus a hash of the subject, so members of a group on the
// same subject share one consumer, and a group that subscribes to several patterns has one
// consumer per subject instead of one that each pattern takes from the other.
std::string durable_name(std::string_view group, std::string_view subject);

// Partitions (Options::partitions = N > 0) keep the events of one aggregate in order within a
// group: an event's subject is its topic plus a last token `~p<k>`, k = partition_of(its aggregate
// id, N) (avx/events/partition.h). `~` cannot appear in a topic, so the token never collides with one.
using events::partition_of;
std::string partitioned_subject(std::string_view topic, std::uint32_t partition);
// The topic a subject carries, without its partition token; `partition` gets the token's number.
std::string_view topic_of_subject(std::string_view subject, std::optional<std::uint32_t>* partition = nullptr);

// One consumer of a subscription: the subject it filters on, and the partition it owns.
struct Feed {
  std::string subject;
  std::optional<std::uint32_t> partition;
  bool filter_partition = false;  // the subject spans partitions (`x.>`): keep only `partition`

  bool operator==(const Feed&) const = default;
};

// Without partitions, one feed per subject. With N, N per subject: `x` -> `x.~p<k>`; `x.>`
// already spans every partition, so each of its N feeds keeps its own partition's messages.
std::vector<Feed> feeds(const SubjectPlan& plan, std::uint32_t partitions);

// What a stream must hold for `plan`'s events: with partitions, `x` becomes `x.*` (unless `x.>`
// is there too, which covers it).
std::vector<std::string> stream_subjects(const SubjectPlan& plan, std::uint32_t partitions);

}  // namespace avx::events::nats
