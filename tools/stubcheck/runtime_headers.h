#pragma once

// The runtime's public headers (<avx/events/...>), compiled into the tool by
// //tools/stubcheck:runtime_headers, so `stubs --check` parses users' code against exactly the
// runtime it was built with, from any checkout, with no install step.

#include <cstddef>
#include <string_view>

namespace avx::stubcheck {

struct EmbeddedHeader {
  std::string_view path;  // avx/events/bus.h
  std::string_view content;
};

extern const EmbeddedHeader kRuntimeHeaders[];
extern const std::size_t kRuntimeHeaderCount;

}  // namespace avx::stubcheck
