#pragma once

// Conversion between generated C++ structs and their Cap'n Proto wire form, used only by
// generated code. The generator knows where Cap'n Proto puts every field (it lays the structs out
// with Cap'n Proto's own compiler) and calls these with the slot: a data field's offset in units
// of its own size, or a pointer's index. They write and read through Cap'n Proto's layout layer
// (capnp::_::StructBuilder and StructReader, what capnp's generated accessors call), so the
// bytes are exactly what capnp's generated code writes and reads, while no accessor is compiled
// per field: each helper is instantiated once per C++ type, shared by every field of that type.
//
// Records dispatch by ADL to the generated avx_write(StructBuilder, const T&) and
// avx_read(StructReader, T&); their size is WireShape<T>, specialized in each generated wire header.

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <capnp/blob.h>
#include <capnp/layout.h>

#include "avx/events/capnp_message.h"
#include "avx/events/detail/field_traits.h"
#include "avx/events/time.h"

namespace avx::events::wire {

static_assert(std::is_integral_v<capnp::StructDataOffset> && std::is_integral_v<capnp::ElementCount>,
              "avx-events builds without CAPNP_DEBUG_TYPES, as Debian's libcapnp is built");

using StructBuilder = capnp::_::StructBuilder;
using StructReader = capnp::_::StructReader;
using PointerBuilder = capnp::_::PointerBuilder;
using PointerReader = capnp::_::PointerReader;

// Thrown inside a decode and turned into an error value by read_capnp_struct (capnp_message.h).
struct DecodeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using detail::IsMap;
using detail::IsOptional;
using detail::IsVector;

// The Cap'n Proto size of a generated record T: specialized in T's generated wire header.
template <class T>
struct WireShape;

template <class T>
inline constexpr capnp::_::StructSize kStructSize{WireShape<T>::value.data_words, WireShape<T>::value.pointers};

// How a std::string travels (the C++ type is the same for both): Text unless the schema says bytes.
struct Text {};
struct Bytes {};

// Values stored inline in a Cap'n Proto struct: numbers, bools, enums, times.
template <class T>
inline constexpr bool kIsScalar = std::is_arithmetic_v<T> || std::is_enum_v<T> ||
                                  std::is_same_v<T, Timestamp> || std::is_same_v<T, Duration>;

// The wire type of a scalar: enums are UInt16, times Int64 nanoseconds.
template <class T>
using WireOf = std::conditional_t<std::is_enum_v<T>, std::uint16_t,
                                  std::conditional_t<std::is_arithmetic_v<T>, T, std::int64_t>>;

template <class T>
WireOf<T> to_wire(const T& value) {
  if constexpr (std::is_same_v<T, Timestamp>) {
    return to_nanos(value);
  } else if constexpr (std::is_same_v<T, Duration>) {
    return value.count();
  } else {
    return static_cast<WireOf<T>>(value);
  }
}

// An enumerant this build does not know (written by a newer schema, or garbage) must not become an
// out-of-range enum value. avx_enum_count is generated beside each enum.
template <class T>
T from_wire(WireOf<T> raw) {
  if constexpr (std::is_same_v<T, Timestamp>) {
    return timestamp_from_nanos(raw);
  } else if constexpr (std::is_same_v<T, Duration>) {
    return Duration(raw);
  } else if constexpr (std::is_enum_v<T>) {
    if (raw >= avx_enum_count(T{})) {
      throw DecodeError("enum value " + std::to_string(raw) + " is out of range");
    }
    return static_cast<T>(raw);
  } else {
    return raw;
  }
}

// Text is UTF-8 (strictly: utf8.h); anything else is refused (DecodeError), never handed to the
// user. read_text copies text out only when it is valid; read_data copies bytes as they are.
void check_utf8(capnp::Text::Reader text);
std::string read_text(capnp::Text::Reader text);
std::string read_data(capnp::Data::Reader data);

void write_blob(PointerBuilder slot, const std::string& value, Text);
void write_blob(PointerBuilder slot, const std::string& value, Bytes);
std::string read_blob(PointerReader slot, Text);
std::string read_blob(PointerReader slot, Bytes);

// ---- Fields of a struct. Scalars with a schema default are stored XOR the default, as capnp does.

template <class T>
void set_scalar(StructBuilder out, std::uint32_t offset, const T& value, const std::type_identity_t<T>& fallback = T{}) {
  using W = WireOf<T>;
  out.setDataField<W>(offset, to_wire(value), capnp::_::mask<W>(to_wire(fallback), 0));
}

template <class T>
void get_scalar(StructReader in, std::uint32_t offset, T& value, const std::type_identity_t<T>& fallback = T{}) {
  using W = WireOf<T>;
  value = from_wire<T>(in.getDataField<W>(offset, capnp::_::mask<W>(to_wire(fallback), 0)));
}

inline void set_text(StructBuilder out, std::uint32_t pointer, const std::string& value) {
  write_blob(out.getPointerField(pointer), value, Text{});
}
inline void set_bytes(StructBuilder out, std::uint32_t pointer, const std::string& value) {
  write_blob(out.getPointerField(pointer), value, Bytes{});
}
// An absent text reads as `fallback` (the schema's default, or empty).
void get_text(StructReader in, std::uint32_t pointer, std::string& value, std::string_view fallback = {});
void get_bytes(StructReader in, std::uint32_t pointer, std::string& value);

// Whether a pointer field is set: how optional texts, lists, maps and records say "present".
inline bool has(StructReader in, std::uint32_t pointer) { return !in.getPointerField(pointer).isNull(); }

// An optional scalar travels in a one-field struct (its value at offset 0), so that "unset" is a
// null pointer.
template <class T>
void set_boxed(StructBuilder out, std::uint32_t pointer, const T& value) {
  StructBuilder box = out.getPointerField(pointer).initStruct(capnp::_::StructSize(1, 0));
  box.setDataField<WireOf<T>>(0, to_wire(value));
}

template <class T>
void get_boxed(StructReader in, std::uint32_t pointer, std::optional<T>& value) {
  PointerReader slot = in.getPointerField(pointer);
  if (slot.isNull()) return;
  value = from_wire<T>(slot.getStruct(nullptr).getDataField<WireOf<T>>(0));
}

// ---- Pointer values: records, lists, maps (and, inside lists and maps, text and bytes).

template <class Tag, class T> void write_value(PointerBuilder slot, const T& value);
template <class Tag, class T> void read_value(PointerReader slot, T& value);

template <class Tag = Text, class T>
void set_value(StructBuilder out, std::uint32_t pointer, const T& value) {
  write_value<Tag>(out.getPointerField(pointer), value);
}

template <class Tag = Text, class T>
void get_value(StructReader in, std::uint32_t pointer, T& value) {
  read_value<Tag>(in.getPointerField(pointer), value);
}

template <class Tag, class T>
void write_list(PointerBuilder slot, const std::vector<T>& values) {
  const auto size = static_cast<capnp::ElementCount>(values.size());
  if constexpr (kIsScalar<T>) {
    using W = WireOf<T>;
    capnp::_::ListBuilder list = slot.initList(capnp::_::ElementSizeForType<W>::value, size);
    for (capnp::ElementCount i = 0; i < size; ++i) list.setDataElement<W>(i, to_wire(static_cast<T>(values[i])));
  } else if constexpr (IsVector<T>::value || IsMap<T>::value || std::is_same_v<T, std::string>) {
    capnp::_::ListBuilder list = slot.initList(capnp::ElementSize::POINTER, size);
    for (capnp::ElementCount i = 0; i < size; ++i) write_value<Tag>(list.getPointerElement(i), values[i]);
  } else {
    capnp::_::ListBuilder list = slot.initStructList(size, kStructSize<T>);
    for (capnp::ElementCount i = 0; i < size; ++i) avx_write(list.getStructElement(i), values[i]);
  }
}

template <class Tag, class T>
void read_list(PointerReader slot, std::vector<T>& out) {
  out.clear();
  if constexpr (kIsScalar<T>) {
    using W = WireOf<T>;
    capnp::_::ListReader list = slot.getList(capnp::_::ElementSizeForType<W>::value, nullptr);
    out.reserve(list.size());
    for (capnp::ElementCount i = 0; i < list.size(); ++i) out.push_back(from_wire<T>(list.getDataElement<W>(i)));
  } else if constexpr (IsVector<T>::value || IsMap<T>::value || std::is_same_v<T, std::string>) {
    capnp::_::ListReader list = slot.getList(capnp::ElementSize::POINTER, nullptr);
    out.resize(list.size());
    for (capnp::ElementCount i = 0; i < list.size(); ++i) read_value<Tag>(list.getPointerElement(i), out[i]);
  } else {
    capnp::_::ListReader list = slot.getList(capnp::ElementSize::INLINE_COMPOSITE, nullptr);
    out.resize(list.size());
    for (capnp::ElementCount i = 0; i < list.size(); ++i) avx_read(list.getStructElement(i), out[i]);
  }
}

// A map is a list of {key @0 :Text; value @1 :V} entry structs: the key is pointer 0, a scalar value
// sits at data offset 0, any other value is pointer 1.
template <class T>
inline constexpr capnp::_::StructSize kEntrySize = kIsScalar<T> ? capnp::_::StructSize(1, 1) : capnp::_::StructSize(0, 2);

template <class Tag, class T>
void write_map(PointerBuilder slot, const std::map<std::string, T>& values) {
  capnp::_::ListBuilder list = slot.initStructList(static_cast<capnp::ElementCount>(values.size()), kEntrySize<T>);
  capnp::ElementCount i = 0;
  for (const auto& [key, value] : values) {
    StructBuilder entry = list.getStructElement(i++);
    write_blob(entry.getPointerField(0), key, Text{});
    if constexpr (kIsScalar<T>) {
      entry.setDataField<WireOf<T>>(0, to_wire(value));
    } else {
      write_value<Tag>(entry.getPointerField(1), value);
    }
  }
}

void check_new_key(bool inserted, const std::string& key);  // a duplicate key is a DecodeError

template <class Tag, class T>
void read_map(PointerReader slot, std::map<std::string, T>& out) {
  out.clear();
  capnp::_::ListReader list = slot.getList(capnp::ElementSize::INLINE_COMPOSITE, nullptr);
  for (capnp::ElementCount i = 0; i < list.size(); ++i) {
    StructReader entry = list.getStructElement(i);
    T value{};
    if constexpr (kIsScalar<T>) {
      value = from_wire<T>(entry.getDataField<WireOf<T>>(0));
    } else {
      read_value<Tag>(entry.getPointerField(1), value);
    }
    std::string key = read_blob(entry.getPointerField(0), Text{});
    check_new_key(out.emplace(key, std::move(value)).second, key);
  }
}

template <class Tag, class T>
void write_value(PointerBuilder slot, const T& value) {
  if constexpr (std::is_same_v<T, std::string>) {
    write_blob(slot, value, Tag{});
  } else if constexpr (IsVector<T>::value) {
    write_list<Tag>(slot, value);
  } else if constexpr (IsMap<T>::value) {
    write_map<Tag>(slot, value);
  } else {
    avx_write(slot.initStruct(kStructSize<T>), value);
  }
}

template <class Tag, class T>
void read_value(PointerReader slot, T& value) {
  if constexpr (std::is_same_v<T, std::string>) {
    value = read_blob(slot, Tag{});
  } else if constexpr (IsVector<T>::value) {
    read_list<Tag>(slot, value);
  } else if constexpr (IsMap<T>::value) {
    read_map<Tag>(slot, value);
  } else {
    avx_read(slot.getStruct(nullptr), value);
  }
}

// The generated avx_write/avx_read of T on a message's root, for write_capnp_struct and
// read_capnp_struct (one plain function each).
template <class T>
void write_root(StructBuilder root, const void* value) {
  avx_write(root, *static_cast<const T*>(value));
}

template <class T>
void read_root(StructReader root, void* target) {
  avx_read(root, *static_cast<T*>(target));
}

}  // namespace avx::events::wire
