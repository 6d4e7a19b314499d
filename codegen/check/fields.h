#pragma once

// Visits every list of fields in a package, with a name for messages.

#include <functional>
#include <string>
#include <vector>

#include "codegen/model/model.h"

namespace avx::codegen {

template <class PackageT, class Fn>
void for_each_field_list(PackageT& pkg, Fn&& fn) {
  for (auto& r : pkg.records) fn("type " + r.name, r.fields);
  for (auto& e : pkg.events) {
    fn("event " + e.name, e.fields);
    for (auto& v : e.history) fn("event " + e.name + " version " + std::to_string(v.version), v.fields);
  }
  for (auto& a : pkg.aggregates) fn("the state of aggregate " + a.name, a.state);
  for (auto& c : pkg.commands) fn("command " + c.name, c.fields);
  for (auto& q : pkg.queries) fn("query " + q.name, q.fields);
}

template <class T>
auto* find_named(T& items, const std::string& name) {
  for (auto& item : items) {
    if (item.name == name) return &item;
  }
  return static_cast<decltype(&items[0])>(nullptr);
}

}  // namespace avx::codegen
