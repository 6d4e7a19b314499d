#pragma once

// Small dense ids for C++ types, so a bus finds a type's channel by index instead of by hashing.

#include <cstddef>

namespace avx::events::detail {

std::size_t next_type_id();

template <class T>
[[gnu::always_inline]] inline std::size_t type_id() {
  static const std::size_t id = next_type_id();
  return id;
}

}  // namespace avx::events::detail
