#include "codegen/compat/compare.h"

#include <map>

namespace avx::codegen::compat {
namespace {

template <class T>
std::map<std::string, const T*> by_name(const std::vector<T>& items) {
  std::map<std::string, const T*> out;
  for (const T& item : items) out.emplace(item.name, &item);
  return out;
}

const EventVersion* history_entry(const Event& e, int version) {
  for (const EventVersion& v : e.history) {
    if (v.version == version) return &v;
  }
  return nullptr;
}

// An event: its version decides what NEW is compared with. With a bump, OLD's current shape must
// equal NEW's history entry for OLD's version: the upcast takes care of the rest.
void compare_event(const std::string& pkg, const Event& o, const Event& n, std::vector<Finding>& out) {
  std::string subject = "event " + pkg + "." + n.name;
  if (o.topic != n.topic) {
    out.push_back({Rule::kTopicChanged, subject,
                   subject + " moved from topic " + o.topic + " to " + n.topic +
                       "; subscribers of the old topic stop receiving it",
                   n.topic_pos, {}});
  }
  if (n.version < o.version) {
    out.push_back({Rule::kVersionDecreased, subject,
                   subject + " went from version " + std::to_string(o.version) + " down to " +
                       std::to_string(n.version),
                   n.version_pos, {}});
    compare_fields(subject, o.fields, n.fields, out);
    return;
  }
  if (n.version == o.version) {
    compare_fields(subject, o.fields, n.fields, out);
    return;
  }
  out.push_back({Rule::kVersionBumped, subject,
                 subject + " went from version " + std::to_string(o.version) + " to " + std::to_string(n.version) +
                     "; consumers built from the old schema cannot read the new version",
                 n.version_pos, {}});
  const EventVersion* entry = history_entry(n, o.version);
  if (entry == nullptr || !entry->upcast.written) {
    out.push_back({Rule::kUpcastMissing, subject,
                   subject + " has no history entry with an upcast for version " + std::to_string(o.version) +
                       "; events stored under it cannot be read. Keep its shape under history: with an upcast",
                   entry ? entry->pos : n.version_pos, {}});
    if (entry == nullptr) return;
  }
  compare_fields(subject + " version " + std::to_string(o.version) + " (history)", o.fields, entry->fields, out);
}

void compare_package(const Package& o, const Package& n, std::vector<Finding>& out) {
  auto new_enums = by_name(n.enums);
  for (const Enum& e : o.enums) {
    if (auto it = new_enums.find(e.name); it != new_enums.end()) {
      compare_enum("enum " + n.name + "." + e.name, e, *it->second, out);
    }
  }
  // Records are compared once each, however many messages use them.
  auto new_records = by_name(n.records);
  for (const Record& r : o.records) {
    if (auto it = new_records.find(r.name); it != new_records.end()) {
      compare_fields("type " + n.name + "." + r.name, r.fields, it->second->fields, out);
    }
  }
  auto new_events = by_name(n.events);
  for (const Event& e : o.events) {
    auto it = new_events.find(e.name);
    if (it == new_events.end()) {
      out.push_back({Rule::kMessageRemoved, "event " + o.name + "." + e.name,
                     "event " + o.name + "." + e.name + " was removed; stored events of it can no longer be read",
                     e.pos, {}});
    } else {
      compare_event(n.name, e, *it->second, out);
    }
  }
  auto compare_messages = [&](const auto& old_items, const auto& new_items, const std::string& kind) {
    auto index = by_name(new_items);
    for (const auto& item : old_items) {
      std::string subject = kind + " " + o.name + "." + item.name;
      auto it = index.find(item.name);
      if (it == index.end()) {
        out.push_back({Rule::kMessageRemoved, subject, subject + " was removed; senders built from the old schema "
                                                                 "have no handler for it",
                       item.pos, {}});
      } else {
        compare_fields(subject, item.fields, it->second->fields, out);
      }
    }
  };
  compare_messages(o.commands, n.commands, "command");
  compare_messages(o.queries, n.queries, "query");
}

}  // namespace

std::vector<Finding> compare(const SchemaSet& old_set, const SchemaSet& new_set) {
  std::map<std::string, const Package*> new_packages;
  for (const auto& p : new_set.packages) new_packages.emplace(p->name, p.get());
  std::vector<Finding> out;
  for (const auto& o : old_set.packages) {
    auto it = new_packages.find(o->name);
    if (it != new_packages.end()) {
      compare_package(*o, *it->second, out);
      continue;
    }
    for (const Event& e : o->events) {
      out.push_back({Rule::kMessageRemoved, "event " + o->name + "." + e.name,
                     "event " + o->name + "." + e.name + " was removed with its package " + o->name +
                         "; stored events of it can no longer be read",
                     e.pos, {}});
    }
  }
  return out;
}

}  // namespace avx::codegen::compat
