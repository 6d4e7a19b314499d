#include "avx/events/json_scalars.h"

#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace avx::events::json {
namespace {

using namespace std::chrono;

constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

// Reads exactly `width` digits at `at`; nullopt when they are not all digits.
std::optional<int> digits(std::string_view text, std::size_t at, std::size_t width) {
  if (at + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// A fraction of a second: 1 to 9 digits after the dot at `at`. Returns nanoseconds and moves `at`.
std::optional<std::int64_t> fraction(std::string_view text, std::size_t& at) {
  std::int64_t nanos = 0;
  std::size_t count = 0;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
    if (++count > 9) return std::nullopt;
    nanos = nanos * 10 + (text[at++] - '0');
  }
  if (count == 0) return std::nullopt;
  for (; count < 9; ++count) nanos *= 10;
  return nanos;
}

// The fraction's digits without trailing zeros, or in groups of 3 (`groups`), after a dot.
std::string fraction_text(std::int64_t nanos, bool groups) {
  if (nanos == 0) return {};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%09lld", static_cast<long long>(nanos));
  std::string text(buffer);
  std::size_t keep = text.size();
  while (keep > 0 && text[keep - 1] == '0') --keep;
  if (groups) keep = (keep + 2) / 3 * 3;
  return "." + text.substr(0, keep);
}

}  // namespace

std::string format_timestamp(Timestamp value) {
  std::int64_t total = to_nanos(value);
  std::int64_t seconds = total / kNanosPerSecond, nanos = total % kNanosPerSecond;
  if (nanos < 0) nanos += kNanosPerSecond, --seconds;
  sys_seconds at{std::chrono::seconds(seconds)};
  sys_days day = floor<days>(at);
  year_month_day date(day);
  hh_mm_ss<std::chrono::seconds> time(at - day);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02lld", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<long long>(time.seconds().count()));
  return buffer + fraction_text(nanos, false) + "Z";
}

std::optional<Timestamp> parse_timestamp(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS
  auto y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
  auto h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
  if (!y || !mo || !d || !h || !mi || !s || text.size() < 20) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
      text[16] != ':') {
    return std::nullopt;
  }
  year_month_day date{year(*y), month(static_cast<unsigned>(*mo)), day(static_cast<unsigned>(*d))};
  if (!date.ok() || *h > 23 || *mi > 59 || *s > 59) return std::nullopt;
  std::size_t at = 19;
  std::int64_t nanos = 0;
  if (text[at] == '.') {
    auto f = fraction(text, ++at);
    if (!f) return std::nullopt;
    nanos = *f;
  }
  std::int64_t offset = 0;  // seconds east of UTC
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    auto oh = digits(text, at + 1, 2), om = digits(text, at + 4, 2);
    if (!oh || !om || at + 6 > text.size() || text[at + 3] != ':' || *oh > 23 || *om > 59) return std::nullopt;
    offset = (text[at] == '-' ? -1 : 1) * (*oh * 3600 + *om * 60);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  std::int64_t seconds = sys_days(date).time_since_epoch().count() * 86400 + *h * 3600 + *mi * 60 + *s - offset;
  // Nanoseconds since the epoch must fit an int64 (years 1678 to 2261).
  constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() / kNanosPerSecond - 1;
  if (seconds > kLimit || seconds < -kLimit) return std::nullopt;
  return timestamp_from_nanos(seconds * kNanosPerSecond + nanos);
}

std::string format_duration(Duration value) {
  std::int64_t total = value.count();
  bool negative = total < 0;
  // |INT64_MIN| does not fit: split before negating.
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(total) : static_cast<std::uint64_t>(total);
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / kNanosPerSecond);
  out += fraction_text(static_cast<std::int64_t>(magnitude % kNanosPerSecond), true);
  return out + "s";
}

std::optional<Duration> parse_duration(std::string_view text) {
  if (text.size() < 2 || text.back() != 's') return std::nullopt;
  text.remove_suffix(1);
  bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  std::size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::uint64_t seconds = 0;
  auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
  if (whole.empty() || ec != std::errc() || end != whole.data() + whole.size()) return std::nullopt;
  std::int64_t nanos = 0;
  if (dot != std::string_view::npos) {
    std::size_t at = dot + 1;
    auto f = fraction(text, at);
    if (!f || at != text.size()) return std::nullopt;
    nanos = *f;
  }
  if (seconds > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max() / kNanosPerSecond - 1)) {
    return std::nullopt;
  }
  std::int64_t total = static_cast<std::int64_t>(seconds) * kNanosPerSecond + nanos;
  return Duration(negative ? -total : total);
}

std::string format_base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                      static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
  }
  if (std::size_t rest = bytes.size() - i; rest > 0) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> parse_base64(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t n = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+' || c == '-') v = 62;
    else if (c == '/' || c == '_') v = 63;
    else return std::nullopt;
    n = n << 6 | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((n >> bits) & 0xff);
    }
  }
  if ((n & ((1u << bits) - 1)) != 0) return std::nullopt;  // leftover bits must be zero
  return out;
}

}  // namespace avx::events::json
