#pragma once

// Consumer groups over a store: N members of one named group split the streams, each stream
// handled by exactly one member, in order. A stream belongs to member partition_of(stream, N)
// (avx/events/partition.h), as in Message DB, so members agree without coordinating.
//
// Each member keeps its own checkpoint in the store ("<name>#<member>" for groups, "<name>" for
// a lone subscriber). When N changes, a stream may move to another member, which has not seen its
// recent events: the group restarts from the oldest checkpoint of the old layout, so every event
// after it is handled again by its new owner (at least once; nothing skipped). Stop every member
// before changing N.

#include <cstdint>
#include <string>
#include <string_view>

#include "avx/events/result.h"
#include "avx/events/store.h"

namespace avx::events {

struct GroupMember {
  std::uint32_t member = 0;   // this member's index, 0 .. members - 1
  std::uint32_t members = 1;  // the group's size; 1: a lone subscriber
};

// kInvalidArgument unless 0 <= member < members and the name is a usable checkpoint name.
Status validate_group(std::string_view name, GroupMember group);

// Whether `group.member` handles the events of `stream`.
bool owns(GroupMember group, std::string_view stream);

// The store checkpoint that holds where this member got to.
std::string checkpoint_name(std::string_view name, GroupMember group);

// Where this member starts: after its checkpoint, or, when the group's size changed since it last
// ran, after the oldest checkpoint of the old layout (and every member's checkpoint is lowered to
// it, and the new size recorded). Returns the first position to deliver.
Result<std::uint64_t> join_group(EventStore& store, std::string_view name, GroupMember group);

}  // namespace avx::events
