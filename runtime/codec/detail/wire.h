#pragma once

// Conversion between generated C++ structs and their Cap'n Proto wire form, used only by
// generated code. Generated code copies each field with direct calls (out.setSeq(value.seq));
// the helpers here convert text, bytes, enums and times, and walk lists and maps, driven by the
// C++ type and the Cap'n Proto reader type. Records dispatch by ADL to the generated
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

#include "avx/events/detail/field_traits.h"
#include "avx/events/time.h"

namespace avx::events::wire {

// Thrown inside a decode and turned into an error value by the codec driver (codec_driver.h).
struct DecodeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using detail::IsMap;
using detail::IsOptional;
using detail::IsVector;

// Values stored inline in a Cap'n Proto struct: numbers, bools, enums, times.
template <class T>
inline constexpr bool kIsScalar = std::is_arithmetic_v<T> || std::is_enum_v<T> ||
                                  std::is_same_v<T, Timestamp> || std::is_same_v<T, Duration>;

inline capnp::Text::Reader text(const std::string& s) { return capnp::Text::Reader(s.data(), s.size()); }
inline capnp::Data::Reader data(const std::string& s) {
  return capnp::Data::Reader(reinterpret_cast<const kj::byte*>(s.data()), s.size());
}

// Text is UTF-8 (strictly: utf8.h); anything else is refused (DecodeError), never handed to the
// user. read_text copies text out only when it is valid; read_data copies bytes as they are.
void check_utf8(capnp::Text::Reader text);
std::string read_text(capnp::Text::Reader text);
std::string read_data(capnp::Data::Reader data);

// An enumerant this build does not know (written by a newer schema, or garbage) must not become an
// out-of-range enum value. avx_enum_count is generated beside each enum.
template <class T, class W>
T read_enum(W raw) {
  if (static_cast<std::uint32_t>(raw) >= avx_enum_count(T{})) {
    throw DecodeError("enum value " + std::to_string(static_cast<std::uint32_t>(raw)) + " is out of range");
  }
  return static_cast<T>(raw);
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
    return read_enum<T>(raw);
  } else {
    return static_cast<T>(raw);
  }
}

// The element count of a list or map, as Cap'n Proto's init() takes it.
template <class C>
unsigned list_size(const C& values) {
  return static_cast<unsigned>(values.size());
}

template <class ListBuilder, class T> void write_list(ListBuilder list, const std::vector<T>& values);
template <class ListBuilder, class T> void write_map(ListBuilder list, const std::map<std::string, T>& values);
template <class Reader, class T> void read_value(Reader reader, T& out);

// Element i of a list: generated code writes fields directly; lists and maps of any element type
// come here, one instantiation per (wire list, C++ element) type.
template <class ListBuilder, class T>
void write_element(ListBuilder list, unsigned i, const T& value) {
  using Reader = decltype(list.asReader()[0]);
  if constexpr (std::is_same_v<Reader, capnp::Text::Reader>) {
    list.set(i, text(value));
  } else if constexpr (std::is_same_v<Reader, capnp::Data::Reader>) {
    list.set(i, data(value));
  } else if constexpr (kIsScalar<T>) {
    list.set(i, to_wire<Reader>(value));
  } else if constexpr (IsVector<T>::value) {
    write_list(list.init(i, list_size(value)), value);
  } else if constexpr (IsMap<T>::value) {
    write_map(list.init(i, list_size(value)), value);
  } else {
    avx_write(list[i], value);
  }
}

template <class ListBuilder, class T>
void write_list(ListBuilder list, const std::vector<T>& values) {
  for (unsigned i = 0; i < values.size(); ++i) write_element(list, i, values[i]);
}

// A map is a list of key/value entry structs.
template <class ListBuilder, class T>
void write_map(ListBuilder list, const std::map<std::string, T>& values) {
  unsigned i = 0;
  for (const auto& [key, value] : values) {
    auto entry = list[i++];
    entry.setKey(text(key));
    using Reader = decltype(entry.asReader().getValue());
    if constexpr (std::is_same_v<Reader, capnp::Text::Reader>) {
      entry.setValue(text(value));
    } else if constexpr (std::is_same_v<Reader, capnp::Data::Reader>) {
      entry.setValue(data(value));
    } else if constexpr (kIsScalar<T>) {
      entry.setValue(to_wire<Reader>(value));
    } else if constexpr (IsVector<T>::value) {
      write_list(entry.initValue(list_size(value)), value);
    } else if constexpr (IsMap<T>::value) {
      write_map(entry.initValue(list_size(value)), value);
    } else {
      avx_write(entry.initValue(), value);
    }
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
    out = read_text(reader);
  } else if constexpr (std::is_same_v<Reader, capnp::Data::Reader>) {
    out = read_data(reader);
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

}  // namespace avx::events::wire
