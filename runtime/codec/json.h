#pragma once

// The JSON mapping of docs/schema.md ("JSON"): close to protobuf's
// canonical JSON. int64 and uint64 are decimal strings, timestamps RFC 3339, durations "1.500s",
// bytes base64, enums by name, maps objects; an unset optional is omitted; unknown fields are
// ignored on input. Reading errors name the field's path (`lines[1].unit_price.currency`).
//
// Writer and Reader are compiled into the runtime (over nlohmann::json), so generated code does
// not parse a JSON library's headers; the templates here (write, read, field, read_field, encode,
// decode) walk C++ types for generated code. Tools that print events use Writer directly.

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "avx/events/result.h"
#include "avx/events/detail/field_traits.h"
#include "avx/events/time.h"

namespace avx::events::json {

// Where a reader is, for messages: a.b[2].c
class Path {
 public:
  void push(std::string_view key);
  void push(std::size_t index);
  void pop() { ends_.pop_back(), text_.resize(ends_.empty() ? 0 : ends_.back()); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::vector<std::size_t> ends_;
};

// Thrown while reading; from_json turns it into an error value naming the path.
struct ReadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
[[noreturn]] void fail(const Path& path, const std::string& problem);

// Appends compact JSON text.
class Writer {
 public:
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view name);
  void boolean(bool value);
  void number(std::int64_t value);   // int32 and uint32: JSON numbers
  void number(std::uint64_t value);
  void quoted(std::int64_t value);   // int64: a decimal string, exact in JavaScript too
  void quoted(std::uint64_t value);
  void number(double value, bool single);  // NaN and the infinities as strings
  void text(std::string_view value);       // escaped; invalid UTF-8 becomes U+FFFD
  void base64(std::string_view bytes);
  void timestamp(Timestamp value);
  void duration(Duration value);
  std::string take() { return std::move(out_); }

 private:
  void separate();
  void escape(std::string_view valid_utf8);
  std::string out_;
  std::vector<bool> first_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

// A parsed JSON value (a view into the document, which must outlive it).
class Reader {
 public:
  // Parses a whole document; JSON text, depth at most 64.
  class Document;
  static Result<std::shared_ptr<const Document>> parse(std::string_view text);

  bool is_null() const;
  bool is_object() const;
  // A member of an object; nullopt when absent. The reader must be an object.
  std::optional<Reader> member(std::string_view name) const;
  // Members in order, and elements: the reader must be an object / an array.
  std::vector<std::pair<std::string, Reader>> members(const Path& path) const;
  std::vector<Reader> elements(const Path& path) const;

  bool boolean(const Path& path) const;
  std::int64_t int64(const Path& path, std::int64_t min, std::int64_t max) const;  // a number or a string
  std::uint64_t uint64(const Path& path, std::uint64_t max) const;
  double number(const Path& path, bool single) const;  // also "NaN", "Infinity", "-Infinity"
  std::string text(const Path& path) const;
  std::string base64(const Path& path) const;  // standard or URL-safe, padding optional
  Timestamp timestamp(const Path& path) const;
  Duration duration(const Path& path) const;

  explicit Reader(const void* node) : node_(node) {}

 private:
  const void* node_;  // a nlohmann::json inside a Document
};

// Fails (at `path`) unless `in` is an object: what every record's reader checks first.
void expect_object(const Reader& in, const Path& path);

class Reader::Document {
 public:
  virtual ~Document() = default;
  virtual Reader root() const = 0;
};

// Field tags: a std::string leaf is text unless the field's schema type says bytes.
struct Text {};
struct Bytes {};

using detail::IsMap;
using detail::IsOptional;
using detail::IsVector;

template <class Tag = Text, class T>
void write(Writer& w, const T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    w.boolean(value);
  } else if constexpr (std::is_same_v<T, std::int32_t>) {
    w.number(static_cast<std::int64_t>(value));
  } else if constexpr (std::is_same_v<T, std::uint32_t>) {
    w.number(static_cast<std::uint64_t>(value));
  } else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::uint64_t>) {
    w.quoted(value);
  } else if constexpr (std::is_floating_point_v<T>) {
    w.number(static_cast<double>(value), std::is_same_v<T, float>);
  } else if constexpr (std::is_same_v<T, std::string>) {
    if constexpr (std::is_same_v<Tag, Bytes>) {
      w.base64(value);
    } else {
      w.text(value);
    }
  } else if constexpr (std::is_same_v<T, Timestamp>) {
    w.timestamp(value);
  } else if constexpr (std::is_same_v<T, Duration>) {
    w.duration(value);
  } else if constexpr (std::is_enum_v<T>) {
    w.text(to_string(value));  // generated beside each enum, found by ADL
  } else if constexpr (IsOptional<T>::value) {
    if (value) write<Tag>(w, *value);
  } else if constexpr (IsVector<T>::value) {
    w.begin_array();
    for (const auto& element : value) write<Tag>(w, element);
    w.end_array();
  } else if constexpr (IsMap<T>::value) {
    w.begin_object();
    for (const auto& [key, element] : value) {
      w.key(key);
      write<Tag>(w, element);
    }
    w.end_object();
  } else {
    avx_write_json(w, value);  // a record: generated, found by ADL
  }
}

// One field of an object; an unset optional is left out.
template <class Tag = Text, class T>
void field(Writer& w, std::string_view name, const T& value) {
  if constexpr (IsOptional<T>::value) {
    if (!value) return;
  }
  w.key(name);
  write<Tag>(w, value);
}

template <class Tag = Text, class T>
void read(const Reader& in, T& out, Path& path) {
  if constexpr (std::is_same_v<T, bool>) {
    out = in.boolean(path);
  } else if constexpr (std::is_same_v<T, std::int32_t>) {
    out = static_cast<std::int32_t>(in.int64(path, std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()));
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    out = in.int64(path, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
  } else if constexpr (std::is_same_v<T, std::uint32_t>) {
    out = static_cast<std::uint32_t>(in.uint64(path, std::numeric_limits<std::uint32_t>::max()));
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    out = in.uint64(path, std::numeric_limits<std::uint64_t>::max());
  } else if constexpr (std::is_floating_point_v<T>) {
    out = static_cast<T>(in.number(path, std::is_same_v<T, float>));
  } else if constexpr (std::is_same_v<T, std::string>) {
    if constexpr (std::is_same_v<Tag, Bytes>) {
      out = in.base64(path);
    } else {
      out = in.text(path);
    }
  } else if constexpr (std::is_same_v<T, Timestamp>) {
    out = in.timestamp(path);
  } else if constexpr (std::is_same_v<T, Duration>) {
    out = in.duration(path);
  } else if constexpr (std::is_enum_v<T>) {
    std::string name = in.text(path);
    if (!from_string(name, out)) fail(path, "'" + name + "' is not a value of the enum");  // generated, by ADL
  } else if constexpr (IsOptional<T>::value) {
    if (in.is_null()) {
      out.reset();
    } else {
      out.emplace();
      read<Tag>(in, *out, path);
    }
  } else if constexpr (IsVector<T>::value) {
    out.clear();
    std::size_t i = 0;
    for (const Reader& element : in.elements(path)) {
      path.push(i++);
      out.emplace_back();
      read<Tag>(element, out.back(), path);
      path.pop();
    }
  } else if constexpr (IsMap<T>::value) {
    out.clear();
    for (const auto& [key, element] : in.members(path)) {
      path.push(key);
      read<Tag>(element, out[key], path);
      path.pop();
    }
  } else {
    expect_object(in, path);
    avx_read_json(in, out, path);  // a record: generated, found by ADL
  }
}

// One field of an object: absent or null leaves the member's default (nullopt for an optional).
template <class Tag = Text, class T>
void read_field(const Reader& object, std::string_view name, T& out, Path& path) {
  std::optional<Reader> member = object.member(name);
  if (!member || (member->is_null() && !IsOptional<T>::value)) return;
  path.push(name);
  read<Tag>(*member, out, path);
  path.pop();
}

// Parses `text` and calls read() on its root; a parse error or a ReadError thrown by read() is a
// kInvalidArgument naming `type_name` and the path. Compiled once, for every type.
using ReadRoot = void (*)(const Reader& root, Path& path, void* out);
Status read_document(std::string_view text, std::string_view type_name, ReadRoot read, void* out);

// The root reader of a generated type, for read_document (Codec<T>::from_json).
template <class T>
void read_root(const Reader& root, Path& path, void* target) {
  expect_object(root, path);
  avx_read_json(root, *static_cast<T*>(target), path);  // generated, found by ADL
}

}  // namespace avx::events::json
