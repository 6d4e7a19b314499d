#pragma once

// A rapidcheck generator of text that is valid UTF-8 (any code point but the surrogates): what
// string fields may hold, since decoders refuse anything else.

#include <rapidcheck.h>

#include <cstdint>
#include <string>
#include <vector>

namespace avx::testing {

inline rc::Gen<std::string> utf8_text() {
  return rc::gen::map(rc::gen::container<std::vector<std::uint32_t>>(rc::gen::oneOf(
                          rc::gen::inRange<std::uint32_t>(0, 0x80), rc::gen::inRange<std::uint32_t>(0x80, 0xd800),
                          rc::gen::inRange<std::uint32_t>(0xe000, 0x110000))),
                      [](const std::vector<std::uint32_t>& points) {
                        std::string out;
                        for (std::uint32_t c : points) {
                          if (c < 0x80) {
                            out += static_cast<char>(c);
                          } else if (c < 0x800) {
                            out += static_cast<char>(0xc0 | (c >> 6));
                            out += static_cast<char>(0x80 | (c & 63));
                          } else if (c < 0x10000) {
                            out += static_cast<char>(0xe0 | (c >> 12));
                            out += static_cast<char>(0x80 | ((c >> 6) & 63));
                            out += static_cast<char>(0x80 | (c & 63));
                          } else {
                            out += static_cast<char>(0xf0 | (c >> 18));
                            out += static_cast<char>(0x80 | ((c >> 12) & 63));
                            out += static_cast<char>(0x80 | ((c >> 6) & 63));
                            out += static_cast<char>(0x80 | (c & 63));
                          }
                        }
                        return out;
                      });
}

}  // namespace avx::testing
