#pragma once

// Conversion between generated C++ structs and their Cap'n Proto wire form, used only by
// generated code. One generic path serves fields, list elements and map values alike, driven by
// the C++ type and the Cap'n Proto reader type; records dispatch by ADL to the generated
// avx_write(Builder, const T&) and avx_read(Reader, T&).

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <capnp/list.h>
#include <capnp/blob.h>

#include "avx/events/time.h"
#include "avx/events/utf8.h"

namespace avx::events::wire {

// Thrown inside a decode and turned into an error value by the codec driver (codec_driver.h).
struct DecodeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type {};
template <class T> struct IsMap : std::false_type {};
template <class T> struct IsMap<std::map<std::string, T>> : std::true_type {};
template <class T> struct IsOptional : std::false_type {};
template <class T> struct IsOptional<std::optional<T>> : std::true_type {};

// Values stored inline in a Cap'n Proto struct: numbers, bools, enums, times.
template <class T>
inline constexpr bool kIsScalar = std::is_arithmetic_v<T> || std::is_enum_v<T> ||
                                  std::is_same_v<T, Timestamp> || std::is_same_v<T, Duration>;

inline capnp::Text::Reader text(const std::string& s) { return capnp::Text::Reader(s.data(), s.size()); }
inline capnp::Data::Reader data(const std::string& s) {
  return capnp::Data::Reader(reinterpret_cast<const kj::byte*>(s.data()), s.size());
}

// Text is UTF-8 (strictly: utf8.h); anything else is refused, never handed to the user.
inline void check_utf8(capnp::Text::Reader text) {
  if (auto bad = find_invalid_utf8(std::string_view(text.cStr(), text.size()))) {
    throw DecodeError("text is not valid UTF-8 (byte " + std::to_string(*bad) + " of " +
                      std::to_string(text.size()) + ")");
  }
}

template <class W, class T>
W to_wire(const T& value) {
  if constexpr (std::is_same_v<T, Timestamp>) {
    return to_nanos(value);
  } else if constexpr (std::is_same_v<T, Duration>) {
    return value.count();
  } else {
    return static_cast<W>(value);
  }
}

template <class T, class W>
T from_wire(W raw) {
  if constexpr (std::is_same_v<T, Timestamp>) {
    return timestamp_from_nanos(raw);
  } else if constexpr (std::is_same_v<T, Duration>) {
    return Duration(raw);
  } else if constexpr (std::is_enum_v<T>) {
    // An enumerant this build does not know (written by a newer schema, or garbage) must not
    // become an out-of-range enum value. avx_enum_count is generated beside each enum.
    if (static_cast<std::uint32_t>(raw) >= avx_enum_count(T{})) {
      throw DecodeError("enum value " + std::to_string(static_cast<std::uint32_t>(raw)) +
                        " is out of range");
    }
    return static_cast<T>(raw);
  } else {
    return static_cast<T>(raw);
  }
}

// Returns `target` unchanged, but as a type-dependent expression: in the generic lambdas below,
// `defer(out, n...).initX(n...)` is looked up only when the lambda is called, so lambdas naming
// members that a field kind lacks (initX on a scalar) still compile.
template <class T, class... Args>
T& defer(T& target, const Args&...) {
  return target;
}

template <class ListBuilder, class T> void write_list(ListBuilder list, const std::vector<T>& values);
template <class ListBuilder, class T> void write_map(ListBuilder list, const std::map<std::string, T>& values);
template <class Reader, class T> void read_value(Reader reader, T& out);

// Writes `value` into a slot whose reader type is WireReader, through `set` (for values stored
// inline or copied: scalars, text, data) or `init` (for values built in place: records, lists).
// Generated code passes lambdas around the field's setX / initX; only the branch taken is
// instantiated.
template <class WireReader, class T, class Set, class Init>
void write_value(const T& value, Set&& set, Init&& init) {
  if constexpr (IsOptional<T>::value) {
    if (!value) return;
    if constexpr (kIsScalar<typename T::value_type>) {
      // Optional scalars travel in a one-field wrapper struct so that "unset" is a null pointer.
      auto wrapper = init();
      wrapper.setValue(to_wire<decltype(wrapper.asReader().getValue())>(*value));
    } else {
      write_value<WireReader>(*value, set, init);
    }
  } else if constexpr (std::is_same_v<WireReader, capnp::Text::Reader>) {
    set(text(value));
  } else if constexpr (std::is_same_v<WireReader, capnp::Data::Reader>) {
    set(data(value));
  } else if constexpr (kIsScalar<T>) {
    set(to_wire<WireReader>(value));
  } else if constexpr (IsVector<T>::value) {
    write_list(init(static_cast<unsigned>(value.size())), value);
  } else if constexpr (IsMap<T>::value) {
    write_map(init(static_cast<unsigned>(value.size())), value);
  } else {
    avx_write(init(), value);
  }
}

template <class ListBuilder, class T>
void write_list(ListBuilder list, const std::vector<T>& values) {
  using Reader = decltype(list.asReader()[0]);
  for (unsigned i = 0; i < values.size(); ++i) {
    const T& v = values[i];
    write_value<Reader>(
        v, [&](auto w) { defer(list, w).set(i, w); },
        [&](auto... n) {
          if constexpr (sizeof...(n) == 0) {
            return list[i];
          } else {
            return defer(list, n...).init(i, n...);
          }
        });
  }
}

template <class ListBuilder, class T>
void write_map(ListBuilder list, const std::map<std::string, T>& values) {
  unsigned i = 0;
  for (const auto& [key, value] : values) {
    auto entry = list[i++];
    entry.setKey(text(key));
    write_value<decltype(entry.asReader().getValue())>(
        value, [&](auto w) { defer(entry, w).setValue(w); },
        [&](auto... n) { return defer(entry, n...).initValue(n...); });
  }
}

template <class ListReader, class T>
void read_list(ListReader list, std::vector<T>& out) {
  out.clear();
  out.reserve(list.size());
  for (auto element : list) {
    T value{};
    read_value(element, value);
    out.push_back(std::move(value));
  }
}

template <class ListReader, class T>
void read_map(ListReader list, std::map<std::string, T>& out) {
  out.clear();
  for (auto entry : list) {
    check_utf8(entry.getKey());
    T value{};
    read_value(entry.getValue(), value);
    std::string key(entry.getKey().cStr(), entry.getKey().size());
    if (!out.emplace(std::move(key), std::move(value)).second) {
      throw DecodeError("duplicate map key '" + std::string(entry.getKey().cStr()) + "'");
    }
  }
}

template <class Reader, class T>
void read_value(Reader reader, T& out) {
  if constexpr (std::is_same_v<Reader, capnp::Text::Reader>) {
    check_utf8(reader);
    out.assign(reader.cStr(), reader.size());
  } else if constexpr (std::is_same_v<Reader, capnp::Data::Reader>) {
    out.assign(reinterpret_cast<const char*>(reader.begin()), reader.size());
  } else if constexpr (kIsScalar<T>) {
    out = from_wire<T>(reader);
  } else if constexpr (IsVector<T>::value) {
    read_list(reader, out);
  } else if constexpr (IsMap<T>::value) {
    read_map(reader, out);
  } else {
    avx_read(reader, out);
  }
}

// An optional field: present when the wire pointer is set.
template <class Reader, class T>
void read_optional(bool present, Reader reader, std::optional<T>& out) {
  if (!present) {
    out.reset();
    return;
  }
  out.emplace();
  if constexpr (kIsScalar<T>) {
    read_value(reader.getValue(), *out);
  } else {
    read_value(reader, *out);
  }
}

}  // namespace avx::events::wire
