#pragma once

// What kind of C++ field a generated struct holds, for the templates that walk them (wire.h,
// json.h): lists are std::vector, maps std::map with string keys, optionals std::optional.

#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace avx::events::detail {

template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type {};
template <class T> struct IsMap : std::false_type {};
template <class T> struct IsMap<std::map<std::string, T>> : std::true_type {};
template <class T> struct IsOptional : std::false_type {};
template <class T> struct IsOptional<std::optional<T>> : std::true_type {};

}  // namespace avx::events::detail
