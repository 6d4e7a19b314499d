#include "avx/events/partition.h"

namespace avx::events {

std::uint64_t stable_hash(std::string_view key) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : key) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

}  // namespace avx::events
