#pragma once

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates (U+D800..U+DFFF), nothing above
// U+10FFFF. Decoders refuse text that is not, so a string field always holds valid UTF-8.

#include <cstddef>
#include <optional>
#include <string_view>

namespace avx::events {

// The offset of the first byte that does not start or continue a valid sequence; nullopt when
// all of `text` is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

inline bool is_valid_utf8(std::string_view text) { return !find_invalid_utf8(text).has_value(); }

}  // namespace avx::events
