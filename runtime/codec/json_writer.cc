// json::Writer: compact JSON text, written directly (no document is built).

#include <charconv>
#include <cmath>

#include "avx/events/json.h"
#include "avx/events/utf8.h"
#include "avx/events/json_scalars.h"

namespace avx::events::json {

void Writer::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
}

void Writer::begin_object() {
  separate();
  out_ += '{';
  first_.push_back(true);
}

void Writer::end_object() {
  out_ += '}';
  first_.pop_back();
}

void Writer::begin_array() {
  separate();
  out_ += '[';
  first_.push_back(true);
}

void Writer::end_array() {
  out_ += ']';
  first_.pop_back();
}

void Writer::key(std::string_view name) {
  text(name);
  out_ += ':';
  after_key_ = true;
}

void Writer::boolean(bool value) {
  separate();
  out_ += value ? "true" : "false";
}

void Writer::number(std::int64_t value) {
  separate();
  out_ += std::to_string(value);
}

void Writer::number(std::uint64_t value) {
  separate();
  out_ += std::to_string(value);
}

void Writer::quoted(std::int64_t value) {
  separate();
  out_ += '"' + std::to_string(value) + '"';
}

void Writer::quoted(std::uint64_t value) {
  separate();
  out_ += '"' + std::to_string(value) + '"';
}

void Writer::number(double value, bool single) {
  separate();
  if (std::isnan(value)) {
    out_ += "\"NaN\"";
  } else if (std::isinf(value)) {
    out_ += value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  } else {
    // The shortest text that reads back as the same value (of the field's own width).
    char buffer[64];
    auto [end, ec] = single ? std::to_chars(buffer, buffer + sizeof buffer, static_cast<float>(value))
                            : std::to_chars(buffer, buffer + sizeof buffer, value);
    out_.append(buffer, ec == std::errc() ? end : buffer);
  }
}

void Writer::text(std::string_view value) {
  separate();
  out_ += '"';
  // Valid UTF-8 passes through escaped; a byte that is not becomes U+FFFD, so the output is
  // always JSON.
  while (!value.empty()) {
    std::size_t valid = find_invalid_utf8(value).value_or(value.size());
    escape(value.substr(0, valid));
    if (valid == value.size()) break;
    out_ += "\xef\xbf\xbd";
    value.remove_prefix(valid + 1);
  }
  out_ += '"';
}

void Writer::escape(std::string_view valid) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char ch : valid) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      default:
        if (c < 0x20) {
          out_ += "\\u00";
          out_ += kHex[c >> 4];
          out_ += kHex[c & 15];
        } else {
          out_ += ch;
        }
    }
  }
}

void Writer::base64(std::string_view bytes) {
  separate();
  out_ += '"' + format_base64(bytes) + '"';
}

void Writer::timestamp(Timestamp value) {
  separate();
  out_ += '"' + format_timestamp(value) + '"';
}

void Writer::duration(Duration value) {
  separate();
  out_ += '"' + format_duration(value) + '"';
}

}  // namespace avx::events::json
