#pragma once

// The mustache templates of templates/, embedded at build time by //templates:embed.

#include <string_view>

namespace avx::codegen::templates {

extern const std::string_view k_header_h;
extern const std::string_view k_wire_h;
extern const std::string_view k_source_cc;
extern const std::string_view k_wire_capnp;
extern const std::string_view k_stubs_h;
extern const std::string_view k_stubs_cc;

}  // namespace avx::codegen::templates
