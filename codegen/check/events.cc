// Events: topics are concrete and valid; history entries are older than the current version and
// their upcasts name fields that exist and leave no required field without a value; references to
// aggregates and from topics:, aggregates: and commands: resolve.

#include <map>
#include <set>

#include <avx/events/topic.h>

#include "codegen/check/check.h"
#include "codegen/check/fields.h"

namespace avx::codegen {
namespace {

const Field* field_named(const std::vector<Field>& fields, const std::string& name) {
  return find_named(fields, name);
}

bool same_type(const TypeRef& a, const TypeRef& b) {
  if (a.kind != b.kind || a.args.size() != b.args.size()) return false;
  if (a.kind == TypeRef::Kind::kPrimitive && a.primitive != b.primitive) return false;
  if (a.kind == TypeRef::Kind::kNamed && (a.record != b.record || a.enum_type != b.enum_type)) return false;
  for (std::size_t i = 0; i < a.args.size(); ++i) {
    if (!same_type(a.args[i], b.args[i])) return false;
  }
  return true;
}

void check_upcast(const Event& e, const EventVersion& from, const std::vector<Field>& to, int to_version,
                  Diagnostics& diags) {
  if (from.upcast.kind == Upcast::Kind::kCustom) return;
  std::string step = e.name + " v" + std::to_string(from.version) + " -> v" + std::to_string(to_version);
  std::map<std::string, std::string> source_of;  // target field -> source field
  for (const Field& f : from.fields) source_of[f.name] = f.name;
  for (const Rename& r : from.upcast.renames) {
    if (!field_named(from.fields, r.from)) {
      diags.error(r.pos, "upcast " + step + " renames '" + r.from + "', which version " +
                             std::to_string(from.version) + " does not have");
      continue;
    }
    if (!field_named(to, r.to)) {
      diags.error(r.pos, "upcast " + step + " renames '" + r.from + "' to '" + r.to + "', which version " +
                             std::to_string(to_version) + " does not have");
      continue;
    }
    source_of.erase(r.from);
    source_of[r.to] = r.from;
  }
  SourcePos where = from.upcast.written ? from.upcast.pos : from.pos;
  for (const Field& target : to) {
    auto it = source_of.find(target.name);
    const Field* source = it == source_of.end() ? nullptr : field_named(from.fields, it->second);
    if (source == nullptr) {
      if (target.required()) {
        diags.error(where, "upcast " + step + " leaves required field '" + target.name +
                               "' without a value: give it a default, make it optional, rename a field into it, "
                               "or write `upcast: custom`");
      }
    } else if (!same_type(source->type, target.type)) {
      diags.error(where, "upcast " + step + " cannot turn '" + source->name + "' (" + to_string(source->type) +
                             ") into '" + target.name + "' (" + to_string(target.type) + "); write `upcast: custom`");
    } else if (source->optional && !target.optional) {
      diags.error(where, "upcast " + step + " turns optional '" + source->name + "' into required '" + target.name +
                             "'; write `upcast: custom`");
    }
  }
}

void check_history(const Event& e, Diagnostics& diags) {
  std::set<int> seen;
  for (std::size_t i = 0; i < e.history.size(); ++i) {
    const EventVersion& v = e.history[i];
    if (!seen.insert(v.version).second) {
      diags.error(v.pos, "history of " + e.name + " lists version " + std::to_string(v.version) + " twice");
      continue;
    }
    if (v.version >= e.version) {
      diags.error(v.pos, "history entry " + std::to_string(v.version) + " of " + e.name +
                             " is not older than its current version " + std::to_string(e.version));
      continue;
    }
    if (!v.upcast.written) {
      diags.error(v.pos, "history entry " + std::to_string(v.version) + " of " + e.name +
                             " needs an upcast: `upcast: {}` to copy fields by name, `upcast: {rename: {old: new}}`, "
                             "or `upcast: custom`");
      continue;
    }
    bool last = i + 1 == e.history.size();
    check_upcast(e, v, last ? e.fields : e.history[i + 1].fields, last ? e.version : e.history[i + 1].version, diags);
  }
}

void check_topics(const Package& pkg, Diagnostics& diags) {
  for (const Event& e : pkg.events) {
    if (auto valid = avx::events::validate_topic(e.topic); !valid) {
      diags.error(e.topic_pos, "event " + e.name + ": " + valid.error().message());
    }
  }
  for (const TopicDecl& t : pkg.topics) {
    if (auto valid = avx::events::validate_topic(t.name); !valid) {
      diags.error(t.pos, valid.error().message());
      continue;
    }
    for (const NameRef& ref : t.events) {
      const Event* e = find_named(pkg.events, ref.name);
      if (e == nullptr) {
        diags.error(ref.pos, "topic " + t.name + " lists unknown event '" + ref.name + "'");
      } else if (e->topic != t.name) {
        diags.error(ref.pos, "topic " + t.name + " lists event " + e->name + ", which publishes on " + e->topic);
      }
    }
  }
}

void check_references(const Package& pkg, Diagnostics& diags) {
  for (const Event& e : pkg.events) {
    if (e.aggregate && !find_named(pkg.aggregates, e.aggregate->name)) {
      diags.error(e.aggregate->pos, "event " + e.name + " names unknown aggregate '" + e.aggregate->name + "'");
    }
  }
  std::map<std::string, std::string> owner;  // event -> the aggregate listing it
  for (const Aggregate& a : pkg.aggregates) {
    for (const NameRef& ref : a.events) {
      const Event* e = find_named(pkg.events, ref.name);
      if (e == nullptr) {
        diags.error(ref.pos, "aggregate " + a.name + " lists unknown event '" + ref.name + "'");
        continue;
      }
      if (!a.id_field.name.empty() && !field_named(e->fields, a.id_field.name)) {
        diags.error(ref.pos, "event " + e->name + " of aggregate " + a.name + " must carry its id field '" +
                                 a.id_field.name + "'");
      }
      if (!e->aggregate || e->aggregate->name != a.name) {
        diags.error(ref.pos, "aggregate " + a.name + " lists event " + e->name + ", which must name it back with "
                             "`aggregate: " + a.name + "`");
      }
      auto [it, inserted] = owner.emplace(e->name, a.name);
      if (!inserted && it->second != a.name) {
        diags.error(ref.pos, "event " + e->name + " belongs to aggregates " + it->second + " and " + a.name +
                                 "; an event belongs to one aggregate");
      }
    }
  }
  for (const Command& c : pkg.commands) {
    const Aggregate* target = c.aggregate ? find_named(pkg.aggregates, c.aggregate->name) : nullptr;
    if (c.aggregate && target == nullptr) {
      diags.error(c.aggregate->pos, "command " + c.name + " names unknown aggregate '" + c.aggregate->name + "'");
    }
    if (target != nullptr && !target->id_field.name.empty()) {
      // The dispatcher loads the aggregate this field names.
      const Field* id = field_named(c.fields, target->id_field.name);
      if (id == nullptr || id->optional || id->type.kind != TypeRef::Kind::kPrimitive ||
          id->type.primitive != Primitive::kString) {
        diags.error(c.aggregate->pos, "command " + c.name + " of aggregate " + target->name +
                                          " must carry its id field '" + target->id_field.name + "' as a required string");
      }
    }
    for (const NameRef& ref : c.emits) {
      if (!find_named(pkg.events, ref.name)) {
        diags.error(ref.pos, "command " + c.name + " emits unknown event '" + ref.name + "'");
      }
    }
  }
  for (const Query& q : pkg.queries) {
    if (!q.returns) diags.error(q.pos, "query " + q.name + " must declare what it returns (`returns:`)");
  }
}

}  // namespace

void check_events(const SchemaSet& set, Diagnostics& diags) {
  for (const auto& pkg : set.packages) {
    for (const Event& e : pkg->events) check_history(e, diags);
    check_topics(*pkg, diags);
    check_references(*pkg, diags);
  }
}

}  // namespace avx::codegen
