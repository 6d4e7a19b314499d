// A record that contains itself through direct record fields can never be written: a required
// field needs a value, which needs a value, forever. A cycle through an optional field could be
// satisfied, but would make a C++ struct contain itself; both are errors, and a list<T> or
// map<string, T> breaks either cycle.

#include <map>
#include <vector>

#include "codegen/check/check.h"

namespace avx::codegen {
namespace {

struct Edge {
  const Record* to;
  const Field* field;
};

class CycleFinder {
 public:
  explicit CycleFinder(Diagnostics& diags) : diags_(diags) {}

  void visit_once(const Record* record) {
    if (color_[record] == kWhite) visit(record);
  }

 private:
  void visit(const Record* record) {
    color_[record] = kGrey;
    stack_.push_back(record);
    for (const Field& f : record->fields) {
      if (f.type.kind != TypeRef::Kind::kNamed || f.type.record == nullptr) continue;
      const Record* next = f.type.record;
      path_.push_back({next, &f});
      if (color_[next] == kGrey) {
        report(next);
      } else if (color_[next] == kWhite) {
        visit(next);
      }
      path_.pop_back();
    }
    stack_.pop_back();
    color_[record] = kBlack;
  }

  enum Color { kWhite, kGrey, kBlack };

  // path_[i] is the edge leaving stack_[i]; the last edge closes the cycle back to `start`.
  void report(const Record* start) {
    std::size_t begin = 0;
    while (stack_[begin] != start) ++begin;
    std::string chain = start->name;
    bool all_required = true;
    for (std::size_t i = begin; i < path_.size(); ++i) {
      chain += "." + path_[i].field->name + " -> " + path_[i].to->name;
      all_required = all_required && !path_[i].field->optional;
    }
    const Field* first = path_[begin].field;
    diags_.error(first->pos, all_required
                                 ? "type " + start->name + " contains itself through required fields (" + chain +
                                       "): no value could satisfy it; put the cycle behind a list<T> or map<string, T>"
                                 : "type " + start->name + " contains itself (" + chain +
                                       "); a direct cycle is not supported even through optional fields, "
                                       "use list<T> or map<string, T>");
  }

  Diagnostics& diags_;
  std::map<const Record*, Color> color_;
  std::vector<const Record*> stack_;
  std::vector<Edge> path_;
};

}  // namespace

void check_record_cycles(const SchemaSet& set, Diagnostics& diags) {
  CycleFinder finder(diags);
  for (const auto& pkg : set.packages) {
    for (const Record& r : pkg->records) finder.visit_once(&r);
  }
}

}  // namespace avx::codegen
