#include "codegen/frontend/capnp_reader.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include <capnp/dynamic.h>

#include "codegen/frontend/capnp_fields.h"
#include "codegen/frontend/capnp_text.h"
#include "codegen/model/names.h"

namespace avx::codegen {
namespace {

using Info = capnp::DynamicStruct::Reader;

std::string text_of(Info info, const char* field) { return info.get(field).as<capnp::Text>().cStr(); }

// A Text member of an annotation that may be left out. Cap'n Proto stores an omitted Text member
// of an annotation's value as "", so empty and omitted are the same.
std::optional<std::string> optional_text(Info info, const char* field) {
  if (!info.has(field)) return std::nullopt;
  std::string value = text_of(info, field);
  if (value.empty()) return std::nullopt;
  return value;
}

std::vector<std::string> texts_of(Info info, const char* field) {
  std::vector<std::string> out;
  if (!info.has(field)) return out;
  for (auto item : info.get(field).as<capnp::DynamicList>()) out.push_back(item.as<capnp::Text>().cStr());
  return out;
}

const char* kind_name(capnp::schema::Node::Which which) {
  switch (which) {
    case capnp::schema::Node::INTERFACE: return "interface";
    case capnp::schema::Node::CONST: return "const";
    case capnp::schema::Node::ANNOTATION: return "annotation";
    case capnp::schema::Node::ENUM: return "enum";
    default: return "struct";
  }
}

// The role an annotation gives a struct; none is a record.
enum class Role { kRecord, kEvent, kHistory, kAggregate, kCommand, kQuery };

struct Declaration {
  capnp::ParsedSchema schema;
  std::string name;
  std::size_t at = 0;  // offset in the text
  Role role = Role::kRecord;
  std::optional<Info> info;  // the role annotation's value
};

// A file's imports, in the order written, and the package each declares (to name their types).
struct Imports {
  std::vector<Import> imports;
  std::map<std::uint64_t, std::string> packages;  // by file id
};

Imports read_imports(CapnpSession& session, const CapnpText& text) {
  Imports out;
  std::vector<std::pair<std::size_t, Import>> imports;
  std::set<std::string> seen;
  for (const CapnpImport& i : session.imports_of(text.path())) {
    if (!seen.insert(i.path).second) continue;
    std::size_t at = text.find_string(i.written, 0);
    imports.push_back({at, Import{i.path, text.pos(at), nullptr}});
    auto imported = session.compile_import(i.path);
    if (!imported) continue;
    for (auto ann : imported->getProto().getAnnotations()) {
      if (ann.getId() == session.annotations().package) {
        out.packages[imported->getProto().getId()] = ann.getValue().getText().cStr();
      }
    }
  }
  std::stable_sort(imports.begin(), imports.end(), [](const auto& l, const auto& r) { return l.first < r.first; });
  for (auto& [at, import] : imports) out.imports.push_back(std::move(import));
  return out;
}

class Walker {
 public:
  Walker(CapnpSession& session, capnp::ParsedSchema file, const CapnpText& text, Imports imports, Diagnostics& diags)
      : a_(session.annotations()), file_(file), text_(text), diags_(diags), imports_(std::move(imports.imports)),
        fields_(a_, file.getProto().getId(), std::move(imports.packages), text, diags) {}

  std::unique_ptr<Package> walk() {
    pkg_ = std::make_unique<Package>();
    pkg_->path = text_.path();
    if (!file_annotations()) return nullptr;
    std::vector<Declaration> decls = declarations();
    not_types(decls);
    for (Declaration& d : decls) add(d);
    attach_history(decls);
    return std::move(pkg_);
  }

 private:
  SourcePos pos(std::size_t offset, std::size_t fallback = 0) const { return text_.pos(offset, fallback); }
  SourcePos string_pos(const std::string& value, std::size_t from) const {
    return pos(text_.find_string(value, from), from);
  }

  // False when the file declares no package (nothing else can be read without one).
  bool file_annotations() {
    pkg_->imports = std::move(imports_);
    bool has_package = false;
    for (auto ann : file_.getProto().getAnnotations()) {
      if (ann.getId() == a_.package) {
        has_package = true;
        pkg_->name = ann.getValue().getText().cStr();
        pkg_->name_pos = string_pos(pkg_->name, 0);
      } else if (ann.getId() == a_.topics) {
        auto list = ann.getValue().getList().getAs<capnp::DynamicList>(capnp::ListSchema::of(a_.topic_info));
        for (auto item : list) {
          Info topic = item.as<capnp::DynamicStruct>();
          TopicDecl decl;
          decl.name = text_of(topic, "name");
          std::size_t at = text_.find_string(decl.name, 0);
          decl.pos = pos(at);
          for (const std::string& e : texts_of(topic, "events")) decl.events.push_back({e, string_pos(e, at)});
          pkg_->topics.push_back(std::move(decl));
        }
      }
    }
    if (!has_package) {
      diags_.error(pos(0), "no package: add `$Avx.package(\"your.package\");` after the file id, with "
                           "`using Avx = import \"/avx/events/annotations.capnp\";`");
    }
    return has_package;
  }

  std::vector<Declaration> declarations() {
    std::vector<Declaration> out;
    for (capnp::ParsedSchema nested : file_.getAllNested()) {
      auto proto = nested.getProto();
      Declaration d;
      d.schema = nested;
      d.name = proto.getDisplayName().slice(proto.getDisplayNamePrefixLength()).begin();
      d.at = text_.find_declaration(kind_name(proto.which()), d.name);
      if (proto.which() != capnp::schema::Node::STRUCT && proto.which() != capnp::schema::Node::ENUM) {
        diags_.error(pos(d.at), std::string(kind_name(proto.which())) + " " + d.name +
                                    ": only structs and enums can be declared in an avx-events schema");
        continue;
      }
      if (nested.getAllNested().size() != 0) {
        diags_.error(pos(d.at), d.name + " declares something inside it; declare types at the top level");
      }
      if (proto.which() == capnp::schema::Node::STRUCT) role_of(d);
      out.push_back(d);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& l, const auto& r) { return l.at < r.at; });
    return out;
  }

  void role_of(Declaration& d) {
    const std::pair<std::uint64_t, std::pair<Role, capnp::StructSchema>> roles[] = {
        {a_.event, {Role::kEvent, a_.event_info}},       {a_.history, {Role::kHistory, a_.history_info}},
        {a_.aggregate, {Role::kAggregate, a_.aggregate_info}}, {a_.command, {Role::kCommand, a_.command_info}},
        {a_.query, {Role::kQuery, a_.query_info}},
    };
    for (auto ann : d.schema.getProto().getAnnotations()) {
      for (const auto& [id, role] : roles) {
        if (ann.getId() != id) continue;
        if (d.info) {
          diags_.error(pos(d.at), d.name + " has two of $Avx.event, history, aggregate, command and query; one is its role");
          continue;
        }
        d.role = role.first;
        d.info = ann.getValue().getStruct().getAs<capnp::DynamicStruct>(role.second);
      }
    }
    if (d.schema.getProto().getIsGeneric()) diags_.error(pos(d.at), d.name + " is generic; generics are not supported");
  }

  void not_types(const std::vector<Declaration>& decls) {
    std::set<std::uint64_t> entries;
    for (const Declaration& d : decls) {
      if (d.schema.getProto().isStruct()) CapnpFields::collect_map_entries(a_, d.schema.asStruct(), entries);
    }
    std::map<std::uint64_t, std::string> not_types;
    for (std::uint64_t id : entries) not_types[id] = "a map entry (used with $Avx.map)";
    for (const Declaration& d : decls) {
      std::uint64_t id = d.schema.getProto().getId();
      if (d.role == Role::kHistory) not_types[id] = "an earlier version of an event ($Avx.history)";
      if (entries.count(id) && d.role != Role::kRecord) {
        diags_.error(pos(d.at), d.name + " is a map entry and cannot also be an event, command, ...");
      }
      if (entries.count(id)) entries_.insert(id);
    }
    fields_.set_not_types(std::move(not_types));
  }

  std::vector<NameRef> names(Info info, const char* field, std::size_t at) {
    std::vector<NameRef> out;
    for (const std::string& n : texts_of(info, field)) out.push_back({n, string_pos(n, at)});
    return out;
  }
  std::optional<NameRef> name(Info info, const char* field, std::size_t at) {
    auto n = optional_text(info, field);
    if (!n) return std::nullopt;
    return NameRef{*n, string_pos(*n, at)};
  }
  int small_int(Info info, const char* field, std::size_t at) {
    auto value = info.get(field).as<std::uint32_t>();
    if (value > static_cast<std::uint32_t>(std::numeric_limits<int>::max())) {
      diags_.error(pos(at), std::string(field) + " " + std::to_string(value) + " is too large");
      return 0;
    }
    return static_cast<int>(value);
  }
  std::optional<TypeRef> returns(Info info, std::size_t at) {
    auto written = optional_text(info, "returns");
    if (!written) return std::nullopt;
    return fields_.type_expression(*written, string_pos(*written, at));
  }

  void add(const Declaration& d) {
    SourcePos where = pos(d.at);
    if (d.schema.getProto().isEnum()) {
      Enum e{d.name, {}, where};
      for (auto enumerant : d.schema.asEnum().getEnumerants()) {
        std::string written = enumerant.getProto().getName().cStr();
        SourcePos at = pos(text_.find_member(written, d.at), d.at);
        if (auto upper = upper_snake_enumerant(written, at, diags_)) e.values.push_back({*upper, at});
      }
      pkg_->enums.push_back(std::move(e));
      return;
    }
    if (entries_.count(d.schema.getProto().getId())) return;  // read as part of the map's type
    if (d.schema.getProto().getIsGeneric()) return;           // reported; its fields mean nothing yet
    std::vector<Field> fields = fields_.fields(d.schema.asStruct(), d.at);
    switch (d.role) {
      case Role::kRecord: pkg_->records.push_back(Record{d.name, std::move(fields), where}); break;
      case Role::kEvent: add_event(d, std::move(fields)); break;
      case Role::kHistory: history_fields_[d.schema.getProto().getId()] = std::move(fields); break;
      case Role::kAggregate: add_aggregate(d, std::move(fields)); break;
      case Role::kCommand: {
        Command c{d.name, name(*d.info, "aggregate", d.at), std::move(fields), names(*d.info, "emits", d.at),
                  returns(*d.info, d.at), where};
        pkg_->commands.push_back(std::move(c));
        break;
      }
      case Role::kQuery: pkg_->queries.push_back(Query{d.name, std::move(fields), returns(*d.info, d.at), where}); break;
    }
  }

  void add_event(const Declaration& d, std::vector<Field> fields) {
    Event e;
    e.name = d.name;
    e.pos = pos(d.at);
    e.version = small_int(*d.info, "version", d.at);
    e.version_pos = e.pos;
    e.topic = pkg_->name + "." + snake_case(e.name);  // the default, as in YAML
    e.topic_pos = e.pos;
    if (auto topic = optional_text(*d.info, "topic")) {
      e.topic = *topic;
      e.topic_written = true;
      e.topic_pos = string_pos(e.topic, d.at);
    }
    e.aggregate = name(*d.info, "aggregate", d.at);
    e.fields = std::move(fields);
    pkg_->events.push_back(std::move(e));
  }

  void add_aggregate(const Declaration& d, std::vector<Field> state) {
    Aggregate a;
    a.name = d.name;
    a.pos = pos(d.at);
    std::string id = optional_text(*d.info, "id").value_or("");
    SourcePos id_pos = string_pos(id, d.at);
    a.id_field = {snake_field_name(id, id_pos, diags_).value_or(id), id_pos};
    a.state = std::move(state);
    a.events = names(*d.info, "events", d.at);
    if (int every = small_int(*d.info, "snapshotEvery", d.at); every != 0) a.snapshot_every = every;
    pkg_->aggregates.push_back(std::move(a));
  }

  // History structs become the `history` of the event they name, ascending by version.
  void attach_history(const std::vector<Declaration>& decls) {
    for (const Declaration& d : decls) {
      if (d.role != Role::kHistory) continue;
      std::string event = optional_text(*d.info, "event").value_or("");
      auto it = std::find_if(pkg_->events.begin(), pkg_->events.end(), [&](const Event& e) { return e.name == event; });
      if (it == pkg_->events.end()) {
        diags_.error(string_pos(event, d.at), d.name + " is $Avx.history of '" + event + "', which is not an event of this file");
        continue;
      }
      EventVersion v;
      v.version = small_int(*d.info, "version", d.at);
      v.pos = pos(d.at);
      v.fields = std::move(history_fields_[d.schema.getProto().getId()]);
      v.upcast = upcast(d);
      it->history.push_back(std::move(v));
    }
    for (Event& e : pkg_->events) {
      std::stable_sort(e.history.begin(), e.history.end(), [](const auto& l, const auto& r) { return l.version < r.version; });
    }
  }

  // A history struct always says how it becomes the next version: by renames (none: fields copied
  // by name) or `custom = true`.
  Upcast upcast(const Declaration& d) {
    Upcast u;
    u.written = true;
    u.pos = pos(d.at);
    u.kind = d.info->get("custom").as<bool>() ? Upcast::Kind::kCustom : Upcast::Kind::kDeclarative;
    if (!d.info->has("rename")) return u;
    if (u.kind == Upcast::Kind::kCustom) diags_.error(u.pos, d.name + ": an upcast is either custom or renames, not both");
    for (auto item : d.info->get("rename").as<capnp::DynamicList>()) {
      Info r = item.as<capnp::DynamicStruct>();
      std::string from = text_of(r, "from"), to = text_of(r, "to");
      SourcePos at = string_pos(from, d.at);
      auto from_snake = snake_field_name(from, at, diags_);
      auto to_snake = snake_field_name(to, string_pos(to, d.at), diags_);
      if (from_snake && to_snake) u.renames.push_back({*from_snake, *to_snake, at});
    }
    return u;
  }

  const CapnpAnnotations& a_;
  capnp::ParsedSchema file_;
  const CapnpText& text_;
  Diagnostics& diags_;
  std::vector<Import> imports_;
  CapnpFields fields_;
  std::unique_ptr<Package> pkg_;
  std::set<std::uint64_t> entries_;
  std::map<std::uint64_t, std::vector<Field>> history_fields_;
};

}  // namespace

std::unique_ptr<Package> read_capnp_schema(CapnpSession& session, const std::string& path, const std::string& text,
                                           Diagnostics& diags) {
  auto file = session.compile(path, text);
  if (!file) return nullptr;
  CapnpText located(path, text);
  try {
    return Walker(session, *file, located, read_imports(session, located), diags).walk();
  } catch (const kj::Exception& e) {
    diags.error(located.pos(0), std::string("Cap'n Proto: ") + e.getDescription().cStr());
    return nullptr;
  }
}

}  // namespace avx::codegen
