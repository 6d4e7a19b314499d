#include "avx/events/consumer_group.h"

#include <algorithm>
#include <limits>

#include "avx/events/partition.h"

namespace avx::events {
namespace {

// The group's size when its members last joined (0: never; a lone subscriber never records it).
std::string size_name(std::string_view name) { return std::string(name) + "#members"; }

}  // namespace

Status validate_group(std::string_view name, GroupMember group) {
  if (name.empty()) return unexpected(Errc::kInvalidArgument, "a durable subscription needs a name");
  if (name.find('#') != std::string_view::npos) {
    return unexpected(Errc::kInvalidArgument,
                      "subscription name '" + std::string(name) + "' holds '#', which names its members' checkpoints");
  }
  if (group.members == 0 || group.member >= group.members) {
    return unexpected(Errc::kInvalidArgument, "consumer group '" + std::string(name) + "': member " +
                                                  std::to_string(group.member) + " of " +
                                                  std::to_string(group.members) + " does not exist");
  }
  return {};
}

bool owns(GroupMember group, std::string_view stream) {
  return group.members <= 1 || partition_of(stream, group.members) == group.member;
}

std::string checkpoint_name(std::string_view name, GroupMember group) {
  if (group.members <= 1) return std::string(name);
  return std::string(name) + "#" + std::to_string(group.member);
}

Result<std::uint64_t> join_group(EventStore& store, std::string_view name, GroupMember group) {
  if (auto valid = validate_group(name, group); !valid) return Unexpected{valid.error()};
  auto recorded = store.load_checkpoint(size_name(name));
  if (!recorded) return Unexpected{recorded.error()};
  const std::uint64_t old_size = std::max<std::uint64_t>(*recorded, 1);
  if (old_size != group.members) {
    std::uint64_t oldest = std::numeric_limits<std::uint64_t>::max();
    for (std::uint32_t m = 0; m < old_size; ++m) {
      auto at = store.load_checkpoint(checkpoint_name(name, {m, static_cast<std::uint32_t>(old_size)}));
      if (!at) return Unexpected{at.error()};
      oldest = std::min(oldest, *at);
    }
    for (std::uint32_t m = 0; m < group.members; ++m) {
      if (auto saved = store.save_checkpoint(checkpoint_name(name, {m, group.members}), oldest); !saved) {
        return Unexpected{saved.error()};
      }
    }
    if (auto saved = store.save_checkpoint(size_name(name), group.members); !saved) return Unexpected{saved.error()};
  }
  auto at = store.load_checkpoint(checkpoint_name(name, group));
  if (!at) return Unexpected{at.error()};
  return *at + 1;
}

}  // namespace avx::events
