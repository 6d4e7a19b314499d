#include "codegen/emit/view.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "codegen/emit/type_names.h"
#include "codegen/emit/wire_code.h"
#include "codegen/model/names.h"
#include "codegen/model/shape.h"

namespace avx::codegen {
namespace {

namespace fs = std::filesystem;

// A struct's Cap'n Proto size as an initializer: "{data words, pointers}".
std::string shape_of(const WireLayout& layout) {
  return "{" + std::to_string(layout.data_words) + ", " + std::to_string(layout.pointers) + "}";
}

std::string hex32(std::uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%08xu", value);
  return buffer;
}
using kainjow::mustache::data;
using kainjow::mustache::list;

std::string strip_schema_extension(std::string path) {
  for (const char* ext : {".yaml", ".yml", ".capnp"}) {
    std::string e = ext;
    if (path.size() > e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0) {
      return path.substr(0, path.size() - e.size());
    }
  }
  return path;
}

// Records in an order where each comes after the records it holds (C++ needs complete types).
std::vector<const Record*> records_in_dependency_order(const Package& pkg) {
  std::vector<const Record*> order;
  std::set<const Record*> done, visiting;
  std::function<void(const TypeRef&)> visit_type;
  std::function<void(const Record*)> visit = [&](const Record* r) {
    if (done.count(r) || visiting.count(r)) return;  // a cycle goes through a list or map: fine
    visiting.insert(r);
    for (const Field& f : r->fields) visit_type(f.type);
    visiting.erase(r);
    done.insert(r);
    order.push_back(r);
  };
  visit_type = [&](const TypeRef& t) {
    for (const TypeRef& a : t.args) visit_type(a);
    if (t.record != nullptr && t.package == &pkg) visit(t.record);
  };
  for (const Record& r : pkg.records) visit(&r);
  return order;
}

class ViewBuilder {
 public:
  std::set<std::string> keys;

  ViewBuilder(const Package& pkg, const std::string& root) : pkg_(pkg), root_(root), wire_(pkg, import_aliases()) {}

  // An object whose keys are recorded, so templates can be checked against them.
  data obj(std::initializer_list<std::pair<const std::string, data>> entries) {
    data d = kainjow::mustache::object{};
    for (const auto& [key, value] : entries) set(d, key, value);
    return d;
  }
  // kainjow's data::set and push_back copy (a whole subtree); these move it in instead, which
  // halves the peak memory of a large schema's view. The map owns a non-const data: the
  // const_casts write to objects that are not const.
  void set(data& d, const std::string& key, data value) {
    keys.insert(key);
    d.set(key, false);
    *const_cast<data*>(d.get(key)) = std::move(value);
  }
  void set(data& d, const std::string& key, list items) {
    data value(data::type::list);
    const_cast<list&>(value.list_value()) = std::move(items);
    set(d, key, std::move(value));
  }

  data build() {
    OutputPaths paths = output_paths(pkg_.path, root_);
    data view = obj({
        {"generator_version", std::to_string(kGeneratorVersion)},
        {"runtime_version", std::to_string(kGeneratorVersion)},
        {"source", schema_path_under_root(pkg_.path, root_)},
        {"package", pkg_.name},
        {"namespace", cpp_namespace(pkg_.name)},
        {"wire_namespace", cpp_namespace(pkg_.name) + "::wire"},
        {"header", paths.header()},
        {"wire_header", paths.wire_header()},
        {"capnp_header", paths.capnp_header()},
        {"file_id", capnp_file_id(pkg_.name)},
    });
    set(view, "imports", imports(paths));
    set(view, "enums", enums());
    list structs;
    for (const Record* r : records_in_dependency_order(pkg_)) {
      add_struct(structs, r->name, r->fields, "type " + pkg_.name + "." + r->name, 1, "");
    }
    for (const Aggregate& a : pkg_.aggregates) {
      add_struct(structs, aggregate_state_name(a.name), a.state, "the state of aggregate " + qualified(a.name), 1, "");
    }
    for (const Event& e : pkg_.events) add_event(structs, e);
    for (const Command& c : pkg_.commands) {
      add_struct(structs, c.name, c.fields, "command " + qualified(c.name), 1, "");
      mark_message(structs.back(), "kCommand", c.returns);
    }
    for (const Query& q : pkg_.queries) {
      add_struct(structs, q.name, q.fields, "query " + qualified(q.name), 1, "");
      mark_message(structs.back(), "kQuery", q.returns);
    }
    set(view, "structs", std::move(structs));
    set(view, "has_events", !pkg_.events.empty());
    list events;
    for (const Event& e : pkg_.events) events.push_back(obj({{"name", e.name}}));
    set(view, "events", std::move(events));
    set(view, "aggregate_commands", commands(true));
    set(view, "commands", commands(false));
    set(view, "queries", queries());
    set(view, "has_registrations", !registrations_.empty());
    set(view, "upcasts", std::move(upcasts_));
    set(view, "registrations", std::move(registrations_));
    set(view, "aggregates", aggregates());
    set(view, "runtime_includes", runtime_includes());
    list helpers;
    for (const WireStruct& s : wire_.helpers()) helpers.push_back(wire_struct(s.name, s.fields));
    for (auto& s : wire_structs_) helpers.push_back(std::move(s));
    set(view, "wire_structs", std::move(helpers));
    return view;
  }

 private:
  std::string qualified(const std::string& name) const { return pkg_.name + "." + name; }

  std::string reply_type(const std::optional<TypeRef>& returns) const {
    return returns ? cpp_type(*returns, pkg_) : "::avx::events::Done";
  }

  void mark_message(data& s, const std::string& kind, const std::optional<TypeRef>& returns) {
    set(s, "is_message", true);
    set(s, "message_kind", kind);
    set(s, "reply", reply_type(returns));
  }

  // Commands handled against an aggregate (`aggregate_commands`) or on their own (`commands`).
  list commands(bool of_aggregates) {
    list out;
    for (const Command& c : pkg_.commands) {
      if (c.aggregate.has_value() != of_aggregates) continue;
      data d = obj({{"name", c.name}, {"qualified", qualified(c.name)}, {"reply", reply_type(c.returns)}});
      if (c.aggregate) {
        auto a = std::find_if(pkg_.aggregates.begin(), pkg_.aggregates.end(),
                              [&](const Aggregate& x) { return x.name == c.aggregate->name; });
        set(d, "aggregate_name", c.aggregate->name);
        set(d, "aggregate_var", snake_case(c.aggregate->name));
        set(d, "id_field", a == pkg_.aggregates.end() ? std::string() : a->id_field.name);
      }
      out.push_back(d);
    }
    return out;
  }

  list queries() {
    list out;
    for (const Query& q : pkg_.queries) {
      out.push_back(obj({{"name", q.name}, {"qualified", qualified(q.name)}, {"reply", reply_type(q.returns)}}));
    }
    return out;
  }

  std::map<const Package*, std::string> import_aliases() const {
    std::map<const Package*, std::string> aliases;
    for (const Import& i : pkg_.imports) {
      if (i.package && !aliases.count(i.package)) aliases[i.package] = "AvxImport" + std::to_string(aliases.size());
    }
    return aliases;
  }

  list imports(const OutputPaths& self) {
    list out;
    auto aliases = import_aliases();
    std::set<const Package*> seen;
    for (const Import& i : pkg_.imports) {
      if (!i.package || !seen.insert(i.package).second) continue;
      OutputPaths paths{strip_schema_extension(i.path)};
      fs::path from = fs::path(self.capnp()).parent_path();
      std::string relative = fs::path(paths.capnp()).lexically_relative(from.empty() ? "." : from).string();
      out.push_back(obj({{"header", paths.header()},
                           {"wire_header", paths.wire_header()},
                           {"alias", aliases.at(i.package)},
                           {"capnp_path", relative}}));
    }
    return out;
  }

  // The runtime headers the generated header needs, for what this package declares: not the
  // umbrella <avx/events.h>, which would make every user of the header parse all of the runtime.
  list runtime_includes() {
    std::set<std::string> headers = {"codec.h", "result.h", "time.h", "type_registry.h", "version.h"};
    if (!pkg_.events.empty() || !pkg_.aggregates.empty()) headers.insert({"bus.h", "store.h"});
    bool aggregate_commands = false;
    for (const Command& c : pkg_.commands) aggregate_commands |= c.aggregate.has_value();
    if (!pkg_.commands.empty()) headers.insert("cqrs/command_bus.h");
    if (!pkg_.queries.empty()) headers.insert("cqrs/query_bus.h");
    if (aggregate_commands) headers.insert({"cqrs/aggregate_command.h", "repository.h"});
    list out;
    for (const std::string& h : headers) out.push_back(obj({{"path", "avx/events/" + h}}));
    return out;
  }

  list enums() {
    list out;
    for (const Enum& e : pkg_.enums) {
      list values;
      for (std::size_t i = 0; i < e.values.size(); ++i) {
        values.push_back(obj({{"name", e.values[i].name},
                                {"enum_name", e.name},
                                {"ordinal", std::to_string(i)},
                                {"wire_name", lower_camel(e.values[i].name)}}));
      }
      data d = obj({{"name", e.name}, {"count", std::to_string(e.values.size())}});
      set(d, "values", std::move(values));
      out.push_back(std::move(d));
    }
    return out;
  }

  void add_struct(list& structs, const std::string& name, const std::vector<Field>& fields, const std::string& comment,
                  int version, const std::string& topic, const std::string& type_name = "") {
    list cpp_fields;
    std::vector<WireField> wire_fields;
    const WireLayout& layout = layouts_.of(fields);
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const Field& f = fields[i];
      data field = obj({{"name", f.name},
                        {"cpp_type", cpp_type(f, pkg_)},
                        {"initializer", cpp_initializer(f, pkg_)},
                        {"wire_write", wire_write_statement(f, layout.slots[i], pkg_)},
                        {"wire_read", wire_read_statement(f, layout.slots[i], pkg_)}});
      // Set only where they apply (most fields have neither): a large schema's view is smaller.
      keys.insert({"json_tag", "deprecated"});
      if (has_bytes_leaf(f.type)) set(field, "json_tag", "<::avx::events::json::Bytes>");
      if (f.deprecated) set(field, "deprecated", true);
      cpp_fields.push_back(std::move(field));
      wire_fields.push_back(wire_.field(name, f, static_cast<int>(i)));
    }
    data s = obj({{"name", name},
                    {"comment", comment},
                    {"type_name", type_name.empty() ? qualified(name) : type_name},
                    {"version", std::to_string(version)},
                    {"has_fields", !fields.empty()},
                    {"wire_shape", shape_of(layout)}});
    set(s, "fields", std::move(cpp_fields));
    if (!topic.empty()) set(s, "topic", topic);
    structs.push_back(std::move(s));
    wire_structs_.push_back(wire_struct(name, wire_fields));
  }

  void add_event(list& structs, const Event& e) {
    for (std::size_t i = 0; i < e.history.size(); ++i) {
      const EventVersion& v = e.history[i];
      std::string name = superseded_event_name(e.name, v.version);
      add_struct(structs, name, v.fields,
                 "event " + qualified(e.name) + ", superseded version " + std::to_string(v.version), v.version,
                 e.topic, qualified(e.name));
      bool last = i + 1 == e.history.size();
      const std::vector<Field>& next = last ? e.fields : e.history[i + 1].fields;
      int next_version = last ? e.version : e.history[i + 1].version;
      std::string next_name = last ? e.name : superseded_event_name(e.name, next_version);
      add_upcast(e, v, next, name, next_name, next_version);
      add_registration(e.name, name, v.version);
    }
    add_registration(e.name, e.name, e.version);
    add_struct(structs, e.name, e.fields,
               "event " + qualified(e.name) + " version " + std::to_string(e.version) + ", on topic " + e.topic,
               e.version, e.topic);
  }

  list aggregates() {
    list out;
    for (const Aggregate& a : pkg_.aggregates) {
      list events;
      for (const NameRef& ref : a.events) events.push_back(obj({{"event", ref.name}, {"aggregate", a.name}}));
      data d = obj({{"name", a.name},
                    {"state_name", aggregate_state_name(a.name)},
                    {"state_type", qualified(aggregate_state_name(a.name))},
                    {"qualified", qualified(a.name)},
                    {"snapshot_every", std::to_string(a.snapshot_every.value_or(0))},
                    {"state_shape", hex32(shape_fingerprint(a.state))}});
      set(d, "events", std::move(events));
      out.push_back(std::move(d));
    }
    return out;
  }

  void add_registration(const std::string& current, const std::string& written, int version) {
    registrations_.push_back(obj({{"current", current}, {"written", written}, {"version", std::to_string(version)}}));
  }

  void add_upcast(const Event& e, const EventVersion& from, const std::vector<Field>& to, const std::string& from_name,
                  const std::string& to_name, int to_version) {
    bool custom = from.upcast.kind == Upcast::Kind::kCustom;
    list copies;
    if (!custom) {
      std::map<std::string, std::string> source_of;
      for (const Field& f : from.fields) source_of[f.name] = f.name;
      for (const Rename& r : from.upcast.renames) {
        source_of.erase(r.from);
        source_of[r.to] = r.from;
      }
      for (const Field& f : to) {
        if (auto it = source_of.find(f.name); it != source_of.end()) {
          copies.push_back(obj({{"from_field", it->second}, {"to_field", f.name}}));
        }
      }
    }
    data d = obj({{"event", qualified(e.name)},
                  {"from", from_name},
                  {"to", to_name},
                  {"from_version", std::to_string(from.version)},
                  {"to_version", std::to_string(to_version)},
                  {"custom", custom},
                  {"has_copies", !copies.empty()}});
    set(d, "copies", std::move(copies));
    upcasts_.push_back(std::move(d));
  }

  data wire_struct(const std::string& name, const std::vector<WireField>& fields) {
    list out;
    for (const WireField& f : fields) {
      out.push_back(obj({{"wire_name", f.name},
                           {"ordinal", std::to_string(f.ordinal)},
                           {"wire_type", f.type},
                           {"wire_default", f.default_value}}));
    }
    data d = obj({{"name", name}});
    set(d, "wire_fields", std::move(out));
    return d;
  }

  const Package& pkg_;
  std::string root_;
  WireNames wire_;
  WireLayouts layouts_;
  list upcasts_;
  list registrations_;
  std::vector<data> wire_structs_;
};

}  // namespace

std::string schema_path_under_root(const std::string& schema_path, const std::string& root) {
  fs::path schema = fs::absolute(schema_path).lexically_normal();
  fs::path relative = schema.lexically_relative(fs::absolute(root).lexically_normal());
  if (relative.empty() || *relative.begin() == "..") relative = schema.filename();
  return relative.generic_string();
}

OutputPaths output_paths(const std::string& schema_path, const std::string& root) {
  return OutputPaths{strip_schema_extension(schema_path_under_root(schema_path, root))};
}

std::string capnp_file_id(const std::string& package) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a
  for (unsigned char c : "avx-events:" + package) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  hash |= 1ULL << 63;
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

View build_view(const Package& pkg, const std::string& root) {
  ViewBuilder builder(pkg, root);
  data view = builder.build();
  return View{std::move(view), std::move(builder.keys)};
}

}  // namespace avx::codegen
