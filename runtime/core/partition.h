#pragma once

// Which of N workers owns a key (an aggregate's stream): the same answer in every process, build
// and release, so members of a consumer group agree without talking to each other. NATS
// partitions and the store's consumer groups both use it.

#include <cstdint>
#include <string_view>

namespace avx::events {

// 64-bit FNV-1a of the key's bytes: fixed by definition, unlike std::hash.
std::uint64_t stable_hash(std::string_view key);

// stable_hash(key) mod partitions; 0 when partitions is 0.
inline std::uint32_t partition_of(std::string_view key, std::uint32_t partitions) {
  return partitions == 0 ? 0 : static_cast<std::uint32_t>(stable_hash(key) % partitions);
}

}  // namespace avx::events
