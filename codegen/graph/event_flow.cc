#include "codegen/graph/event_flow.h"

#include <set>
#include <sstream>

namespace avx::codegen {
namespace {

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";  // a line break in a label
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

// A node id unique across packages and kinds: "event:shop.orders.OrderPlaced".
std::string id(std::string_view kind, const Package& pkg, std::string_view name) {
  return quoted(std::string(kind) + ":" + pkg.name + "." + std::string(name));
}

// A name as written (`Order` or `shop.common.Order`) resolved against `pkg`.
std::string id_of_ref(std::string_view kind, const Package& pkg, std::string_view name) {
  if (name.find('.') != std::string_view::npos) return quoted(std::string(kind) + ":" + std::string(name));
  return id(kind, pkg, name);
}

std::string type_label(const TypeRef& type) {
  switch (type.kind) {
    case TypeRef::Kind::kNamed:
      return type.name;
    case TypeRef::Kind::kList:
      return "list<" + type_label(type.args[0]) + ">";
    case TypeRef::Kind::kMap:
      return "map<string, " + type_label(type.args[0]) + ">";
    default:
      return "scalar";
  }
}

class Writer {
 public:
  explicit Writer(std::ostringstream& out) : out_(out) {}

  void package(const Package& pkg, int index) {
    out_ << "  subgraph cluster_" << index << " {\n"
         << "    label=" << quoted(pkg.name) << "; style=rounded; color=gray60; fontname=Helvetica;\n";
    for (const Aggregate& a : pkg.aggregates) {
      node(id("aggregate", pkg, a.name), a.name + "\n(aggregate)", "box3d", "#fde9c9");
    }
    for (const Command& c : pkg.commands) node(id("command", pkg, c.name), c.name, "box", "#cfe3f7");
    for (const Event& e : pkg.events) {
      std::string label = e.name + (e.version > 1 ? "\nv" + std::to_string(e.version) : "");
      node(id("event", pkg, e.name), label, "ellipse", "#f9d3cf");
    }
    for (const Query& q : pkg.queries) node(id("query", pkg, q.name), q.name + "\n(query)", "box", "#d9f0d3");
    out_ << "  }\n";
    // The subscriber stands outside the cluster, after the topics: the flow reads left to right.
    if (!pkg.events.empty()) {
      node(id("subscriber", pkg, "Subscriber"), pkg.name + ".Subscriber\n(generated interface)", "component", "#eeeeee");
    }
    edges(pkg);
  }

  void topics(const SchemaSet& set) {
    for (const auto& pkg : set.packages) {
      for (const Event& e : pkg->events) {
        if (topics_.insert(e.topic).second) node(quoted("topic:" + e.topic), e.topic, "tab", "#ffffff");
      }
    }
  }

 private:
  void node(const std::string& node_id, const std::string& label, const char* shape, const char* fill) {
    out_ << "    " << node_id << " [label=" << quoted(label) << ", shape=" << shape << ", style=filled, fillcolor="
         << quoted(fill) << "];\n";
  }
  void edge(const std::string& from, const std::string& to, std::string_view label, bool dashed = false) {
    out_ << "  " << from << " -> " << to << " [label=" << quoted(label) << (dashed ? ", style=dashed" : "") << "];\n";
  }

  void edges(const Package& pkg) {
    for (const Command& c : pkg.commands) {
      if (c.aggregate) edge(id("command", pkg, c.name), id_of_ref("aggregate", pkg, c.aggregate->name), "handled by");
      for (const NameRef& e : c.emits) edge(id("command", pkg, c.name), id_of_ref("event", pkg, e.name), "emits");
    }
    for (const Event& e : pkg.events) {
      if (e.aggregate) edge(id("event", pkg, e.name), id_of_ref("aggregate", pkg, e.aggregate->name), "applied to", true);
      edge(id("event", pkg, e.name), quoted("topic:" + e.topic), "on");
    }
    std::set<std::string> delivered;  // each topic to each package's subscriber once
    for (const Event& e : pkg.events) {
      if (delivered.insert(e.topic).second) edge(quoted("topic:" + e.topic), id("subscriber", pkg, "Subscriber"), "");
    }
    for (const Query& q : pkg.queries) {
      if (q.returns) {
        std::string reply = quoted("type:" + type_label(*q.returns));
        out_ << "  " << reply << " [label=" << quoted(type_label(*q.returns)) << ", shape=note];\n";
        edge(id("query", pkg, q.name), reply, "returns");
      }
    }
  }

  std::ostringstream& out_;
  std::set<std::string> topics_;
};

}  // namespace

std::string event_flow_dot(const SchemaSet& set) {
  std::ostringstream out;
  out << "digraph avx_events {\n"
      << "  rankdir=LR; fontname=Helvetica;\n"
      << "  node [fontname=Helvetica, fontsize=11]; edge [fontname=Helvetica, fontsize=9, color=gray30];\n";
  Writer writer(out);
  int index = 0;
  for (const auto& pkg : set.packages) writer.package(*pkg, index++);
  writer.topics(set);
  out << "}\n";
  return out.str();
}

}  // namespace avx::codegen
