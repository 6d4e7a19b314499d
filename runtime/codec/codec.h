#pragma once

// Codec entry points. Generated code specializes avx::events::Codec<T> for every event, record,
// command and query; users call the free functions.

#include <concepts>
#include <string>
#include <string_view>

#include "avx/events/result.h"

namespace avx::events {

using Bytes = std::string;

template <class T>
struct Codec;  // specialized by generated code

template <class T>
concept Encodable = requires(const T& value, std::string_view text) {
  { Codec<T>::encode(value) } -> std::same_as<Bytes>;
  { Codec<T>::decode(text) } -> std::same_as<Result<T>>;
  { Codec<T>::to_json(value) } -> std::same_as<std::string>;
  { Codec<T>::from_json(text) } -> std::same_as<Result<T>>;
};

// A generated event type: a codec plus its name, version and topic.
template <class T>
concept Event = Encodable<T> && requires {
  { T::kType } -> std::convertible_to<std::string_view>;
  { T::kTopic } -> std::convertible_to<std::string_view>;
  { T::kVersion } -> std::convertible_to<unsigned>;
};

template <Encodable T>
Bytes encode(const T& value) {
  return Codec<T>::encode(value);
}

// Never crashes on bad bytes: truncated, misaligned or hostile input is an error value.
template <Encodable T>
Result<T> decode(std::string_view bytes) {
  return Codec<T>::decode(bytes);
}

template <Encodable T>
std::string to_json(const T& value) {
  return Codec<T>::to_json(value);
}

template <Encodable T>
Result<T> from_json(std::string_view json) {
  return Codec<T>::from_json(json);
}

}  // namespace avx::events
