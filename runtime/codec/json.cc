#include "avx/events/json.h"

#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "avx/events/utf8.h"
#include "avx/events/json_scalars.h"

namespace avx::events::json {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxDepth = 64;  // as for binary messages

const Json& node(const void* p) { return *static_cast<const Json*>(p); }

// Nesting deeper than kMaxDepth is refused before parsing: a parser or destructor that recurses
// must never meet it. Brackets inside strings do not count.
bool too_deep(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

class NlohmannDocument final : public Reader::Document {
 public:
  explicit NlohmannDocument(Json json) : json_(std::move(json)) {}
  Reader root() const override { return Reader(&json_); }

 private:
  Json json_;
};

const char* kind(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    default: return "a value";
  }
}

[[noreturn]] void expected(const Path& path, const char* what, const Json& got) {
  fail(path, std::string("expected ") + what + ", got " + kind(got));
}

// An integer written as a JSON number or as a decimal string.
template <class Int>
Int integer(const Json& j, const Path& path, Int min, Int max) {
  if (j.is_number_integer() || j.is_number_unsigned()) {
    if (j.is_number_unsigned()) {
      auto v = j.get<std::uint64_t>();
      if (v > static_cast<std::uint64_t>(max)) fail(path, std::to_string(v) + " is out of range");
      return static_cast<Int>(v);
    }
    auto v = j.get<std::int64_t>();
    if ((v < 0 && (min >= 0 || v < static_cast<std::int64_t>(min))) ||
        (v >= 0 && static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(max))) {
      fail(path, std::to_string(v) + " is out of range");
    }
    return static_cast<Int>(v);
  }
  if (j.is_number_float()) {
    double d = j.get<double>();
    // Integral and exact: beyond 2^53 a JSON number is not a reliable integer.
    if (d != std::floor(d) || std::fabs(d) > 9007199254740992.0) fail(path, "expected an integer");
    if (d < static_cast<double>(min) || d > static_cast<double>(max)) fail(path, "out of range");
    return static_cast<Int>(d);
  }
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    Int v{};
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc::result_out_of_range) fail(path, "'" + s + "' is out of range");
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) fail(path, "'" + s + "' is not an integer");
    if (v < min || v > max) fail(path, "'" + s + "' is out of range");
    return v;
  }
  expected(path, "an integer", j);
}

}  // namespace

void Path::push(std::string_view key) {
  if (!text_.empty()) text_ += '.';
  text_ += key;
  ends_.push_back(text_.size());
}

void Path::push(std::size_t index) {
  text_ += '[' + std::to_string(index) + ']';
  ends_.push_back(text_.size());
}

void fail(const Path& path, const std::string& problem) {
  throw ReadError(path.text().empty() ? problem : path.text() + ": " + problem);
}

Result<std::shared_ptr<const Reader::Document>> Reader::parse(std::string_view text) {
  if (too_deep(text)) return unexpected(Errc::kInvalidArgument, "nested deeper than 64");
  try {
    // nlohmann's parser refuses invalid UTF-8 and unpaired surrogate escapes.
    return std::shared_ptr<const Document>(std::make_shared<NlohmannDocument>(Json::parse(text)));
  } catch (const Json::exception& e) {
    return unexpected(Errc::kInvalidArgument, e.what());
  }
}

bool Reader::is_null() const { return node(node_).is_null(); }
bool Reader::is_object() const { return node(node_).is_object(); }

std::optional<Reader> Reader::member(std::string_view name) const {
  const Json& j = node(node_);
  auto it = j.find(name);
  if (it == j.end()) return std::nullopt;
  return Reader(&*it);
}

std::vector<std::pair<std::string, Reader>> Reader::members(const Path& path) const {
  const Json& j = node(node_);
  if (!j.is_object()) expected(path, "an object", j);
  std::vector<std::pair<std::string, Reader>> out;
  for (auto it = j.begin(); it != j.end(); ++it) out.emplace_back(it.key(), Reader(&it.value()));
  return out;
}

std::vector<Reader> Reader::elements(const Path& path) const {
  const Json& j = node(node_);
  if (!j.is_array()) expected(path, "an array", j);
  std::vector<Reader> out;
  out.reserve(j.size());
  for (const Json& element : j) out.emplace_back(&element);
  return out;
}

bool Reader::boolean(const Path& path) const {
  const Json& j = node(node_);
  if (!j.is_boolean()) expected(path, "true or false", j);
  return j.get<bool>();
}

std::int64_t Reader::int64(const Path& path, std::int64_t min, std::int64_t max) const {
  return integer<std::int64_t>(node(node_), path, min, max);
}

std::uint64_t Reader::uint64(const Path& path, std::uint64_t max) const {
  return integer<std::uint64_t>(node(node_), path, 0, max);
}

double Reader::number(const Path& path, bool single) const {
  const Json& j = node(node_);
  double d;
  if (j.is_number()) {
    d = j.get<double>();
  } else if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (s == "NaN") return std::nan("");
    if (s == "Infinity") return HUGE_VAL;
    if (s == "-Infinity") return -HUGE_VAL;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) fail(path, "'" + s + "' is not a number");
  } else {
    expected(path, "a number", j);
  }
  if (!std::isfinite(d) || (single && std::fabs(d) > 3.4028234663852886e38)) fail(path, "out of range");
  return d;
}

std::string Reader::text(const Path& path) const {
  const Json& j = node(node_);
  if (!j.is_string()) expected(path, "a string", j);
  return j.get<std::string>();
}

std::string Reader::base64(const Path& path) const {
  auto bytes = parse_base64(text(path));
  if (!bytes) fail(path, "not base64");
  return std::move(*bytes);
}

Timestamp Reader::timestamp(const Path& path) const {
  std::string s = text(path);
  auto t = parse_timestamp(s);
  if (!t) fail(path, "'" + s + "' is not an RFC 3339 time (2026-11-26T12:00:00Z) between 1678 and 2261");
  return *t;
}

Duration Reader::duration(const Path& path) const {
  std::string s = text(path);
  auto d = parse_duration(s);
  if (!d) fail(path, "'" + s + "' is not a duration in seconds (\"1.5s\")");
  return *d;
}

void expect_object(const Reader& in, const Path& path) {
  if (!in.is_object()) fail(path, "expected an object");
}

Status read_document(std::string_view text, std::string_view type_name, ReadRoot read, void* out) {
  auto document = Reader::parse(text);
  if (!document) {
    return unexpected(Errc::kInvalidArgument, "JSON for " + std::string(type_name) + ": " + document.error().message());
  }
  Path path;
  try {
    read((*document)->root(), path, out);
    return {};
  } catch (const ReadError& e) {
    return unexpected(Errc::kInvalidArgument, "JSON for " + std::string(type_name) + ": " + e.what());
  }
}

}  // namespace avx::events::json
