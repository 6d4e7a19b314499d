#include "codegen/frontend/yaml_reader.h"

#include <algorithm>

#include "codegen/frontend/yaml_fields.h"
#include "codegen/frontend/yaml_map.h"
#include "codegen/frontend/yaml_source.h"
#include "codegen/model/names.h"

namespace avx::codegen {
namespace {

constexpr int kMaxVersion = 1 << 20;

void read_enums(YamlContext& ctx, const YAML::Node& node, Package& pkg) {
  for (const MapEntry& entry : read_map(ctx, node, "enums")) {
    Enum e{entry.key, {}, ctx.pos(entry.key_node)};
    for (auto& [name, item] : read_scalar_list(ctx, entry.value, "enum " + entry.key)) {
      e.values.push_back({name, ctx.pos(item)});
    }
    pkg.enums.push_back(std::move(e));
  }
}

void read_records(YamlContext& ctx, const YAML::Node& node, Package& pkg) {
  for (const MapEntry& entry : read_map(ctx, node, "types")) {
    auto body = read_map(ctx, entry.value, "type " + entry.key, {"fields"});
    Record r{entry.key, {}, ctx.pos(entry.key_node)};
    if (const MapEntry* f = find(body, "fields")) r.fields = read_fields(ctx, f->value);
    pkg.records.push_back(std::move(r));
  }
}

Upcast read_upcast(YamlContext& ctx, const YAML::Node& node) {
  Upcast upcast;
  upcast.written = true;
  upcast.pos = ctx.pos(node);
  if (node.IsScalar()) {
    if (node.Scalar() == "custom") {
      upcast.kind = Upcast::Kind::kCustom;
    } else {
      ctx.error(node, "upcast must be 'custom' or a mapping such as {rename: {old: new}}");
    }
    return upcast;
  }
  auto body = read_map(ctx, node, "upcast", {"rename"});
  if (const MapEntry* rename = find(body, "rename")) {
    for (const MapEntry& r : read_map(ctx, rename->value, "rename")) {
      if (auto to = read_scalar(ctx, r.value, "the new name of '" + r.key + "'")) {
        upcast.renames.push_back({r.key, *to, ctx.pos(r.key_node)});
      }
    }
  }
  return upcast;
}

void read_history(YamlContext& ctx, const YAML::Node& node, Event& event) {
  for (const MapEntry& entry : read_map(ctx, node, "history of " + event.name)) {
    EventVersion v;
    v.pos = ctx.pos(entry.key_node);
    auto number = read_int(ctx, entry.key_node, "a history version", 1, kMaxVersion);
    if (!number) continue;
    v.version = *number;
    auto body = read_map(ctx, entry.value, "history entry " + entry.key, {"fields", "upcast"});
    if (const MapEntry* f = find(body, "fields")) v.fields = read_fields(ctx, f->value);
    if (const MapEntry* u = find(body, "upcast")) v.upcast = read_upcast(ctx, u->value);
    event.history.push_back(std::move(v));
  }
  std::stable_sort(event.history.begin(), event.history.end(),
                   [](const EventVersion& a, const EventVersion& b) { return a.version < b.version; });
}

void read_events(YamlContext& ctx, const YAML::Node& node, Package& pkg) {
  for (const MapEntry& entry : read_map(ctx, node, "events")) {
    auto body = read_map(ctx, entry.value, "event " + entry.key,
                         {"version", "topic", "aggregate", "fields", "history"});
    Event e;
    e.name = entry.key;
    e.pos = ctx.pos(entry.key_node);
    e.version_pos = e.pos;
    e.topic = pkg.name + "." + snake_case(e.name);
    e.topic_pos = e.pos;
    if (const MapEntry* v = find(body, "version")) {
      e.version = read_int(ctx, v->value, "version", 1, kMaxVersion).value_or(1);
      e.version_pos = ctx.pos(v->value);
    }
    if (const MapEntry* t = find(body, "topic")) {
      if (auto topic = read_scalar(ctx, t->value, "topic")) {
        e.topic = *topic;
        e.topic_written = true;
        e.topic_pos = ctx.pos(t->value);
      }
    }
    if (const MapEntry* a = find(body, "aggregate")) e.aggregate = read_name_ref(ctx, a->value, "aggregate");
    if (const MapEntry* f = find(body, "fields")) e.fields = read_fields(ctx, f->value);
    if (const MapEntry* h = find(body, "history")) read_history(ctx, h->value, e);
    pkg.events.push_back(std::move(e));
  }
}

void read_aggregates(YamlContext& ctx, const YAML::Node& node, Package& pkg) {
  for (const MapEntry& entry : read_map(ctx, node, "aggregates")) {
    auto body = read_map(ctx, entry.value, "aggregate " + entry.key, {"id", "state", "events", "snapshot_every"});
    Aggregate a;
    a.name = entry.key;
    a.pos = ctx.pos(entry.key_node);
    if (const MapEntry* id = find(body, "id")) {
      a.id_field = read_name_ref(ctx, id->value, "id");
    } else {
      ctx.error(entry.key_node, "aggregate " + entry.key + " needs an id: the field every event of it carries");
    }
    if (const MapEntry* s = find(body, "state")) a.state = read_fields(ctx, s->value);
    if (const MapEntry* ev = find(body, "events")) a.events = read_name_refs(ctx, ev->value, "events");
    if (const MapEntry* n = find(body, "snapshot_every")) {
      a.snapshot_every = read_int(ctx, n->value, "snapshot_every", 1, 1 << 30);
    }
    pkg.aggregates.push_back(std::move(a));
  }
}

void read_commands(YamlContext& ctx, const YAML::Node& node, Package& pkg) {
  for (const MapEntry& entry : read_map(ctx, node, "commands")) {
    auto body = read_map(ctx, entry.value, "command " + entry.key, {"aggregate", "fields", "emits", "returns"});
    Command c;
    c.name = entry.key;
    c.pos = ctx.pos(entry.key_node);
    if (const MapEntry* a = find(body, "aggregate")) c.aggregate = read_name_ref(ctx, a->value, "aggregate");
    if (const MapEntry* f = find(body, "fields")) c.fields = read_fields(ctx, f->value);
    if (const MapEntry* e = find(body, "emits")) c.emits = read_name_refs(ctx, e->value, "emits");
    if (const MapEntry* r = find(body, "returns")) c.returns = read_type(ctx, r->value, "returns");
    pkg.commands.push_back(std::move(c));
  }
}

void read_queries(YamlContext& ctx, const YAML::Node& node, Package& pkg) {
  for (const MapEntry& entry : read_map(ctx, node, "queries")) {
    auto body = read_map(ctx, entry.value, "query " + entry.key, {"fields", "returns"});
    Query q;
    q.name = entry.key;
    q.pos = ctx.pos(entry.key_node);
    if (const MapEntry* f = find(body, "fields")) q.fields = read_fields(ctx, f->value);
    if (const MapEntry* r = find(body, "returns")) q.returns = read_type(ctx, r->value, "returns");
    pkg.queries.push_back(std::move(q));
  }
}

void read_topics(YamlContext& ctx, const YAML::Node& node, Package& pkg) {
  for (const MapEntry& entry : read_map(ctx, node, "topics")) {
    auto body = read_map(ctx, entry.value, "topic " + entry.key, {"events"});
    TopicDecl t{entry.key, {}, ctx.pos(entry.key_node)};
    if (const MapEntry* e = find(body, "events")) t.events = read_name_refs(ctx, e->value, "events");
    pkg.topics.push_back(std::move(t));
  }
}

}  // namespace

std::unique_ptr<Package> read_yaml_schema(const std::string& path, std::string_view text, Diagnostics& diags) {
  auto root = parse_yaml(path, text, diags);
  if (!root) return nullptr;
  YamlContext ctx{path, diags, YamlContext::node_budget(text.size())};
  if (root->IsNull()) {
    diags.error({path, 1, 1}, "schema is empty; it needs at least 'package:' (e.g. package: shop.orders)");
    return nullptr;
  }
  auto pkg = std::make_unique<Package>();
  pkg->path = path;
  auto top = read_map(ctx, *root, "a schema file",
                      {"package", "imports", "enums", "types", "events", "aggregates", "commands", "queries", "topics"});
  if (!root->IsMap()) return nullptr;
  const MapEntry* package = find(top, "package");
  if (package == nullptr) {
    diags.error({path, 1, 1}, "schema has no 'package:' (e.g. package: shop.orders)");
    return nullptr;
  }
  pkg->name = read_scalar(ctx, package->value, "package").value_or("");
  pkg->name_pos = ctx.pos(package->value);
  if (const MapEntry* e = find(top, "imports")) {
    for (auto& [file, item] : read_scalar_list(ctx, e->value, "imports")) pkg->imports.push_back({file, ctx.pos(item), nullptr});
  }
  if (const MapEntry* e = find(top, "enums")) read_enums(ctx, e->value, *pkg);
  if (const MapEntry* e = find(top, "types")) read_records(ctx, e->value, *pkg);
  if (const MapEntry* e = find(top, "events")) read_events(ctx, e->value, *pkg);
  if (const MapEntry* e = find(top, "aggregates")) read_aggregates(ctx, e->value, *pkg);
  if (const MapEntry* e = find(top, "commands")) read_commands(ctx, e->value, *pkg);
  if (const MapEntry* e = find(top, "queries")) read_queries(ctx, e->value, *pkg);
  if (const MapEntry* e = find(top, "topics")) read_topics(ctx, e->value, *pkg);
  return pkg;
}

}  // namespace avx::codegen
