// Every verdict of `avx-events compat` holds on the wire (SCHEMA.md section 3): for each change in
// before.yaml -> after.yaml, code built from one side writes random values (rapidcheck) and code
// built from the other reads them, the way a store does (the type registry, by stored version).
// Whenever compat calls a direction compatible, every value must read back faithfully; and each
// scenario states what the bytes really do, so a change of encoding or of a rule shows here.

#include <gtest/gtest.h>  // before rapidcheck/gtest.h, which uses it without including it
#include <rapidcheck.h>

#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "codegen/compat/compare.h"
#include "tests/compat/schema_fixture.h"
#include "tests/compat/wire/after.avx.h"
#include "tests/compat/wire/before.avx.h"
#include "tests/support/utf8_gen.h"

namespace {

namespace B = wire::before;
namespace A = wire::after;
using avx::codegen::compat::Finding;
using avx::codegen::compat::Mode;

// Whether every value `make` draws, written as From and read as To through To's registry, reads as
// `expect` says. `expect` returns nullopt when To has no faithful value for it (a break).
template <class From, class To>
bool survives(std::function<From()> make, std::function<std::optional<To>(const From&)> expect) {
  avx::events::TypeRegistry registry;
  A::register_types(registry);
  B::register_types(registry);
  return rc::check(std::string(From::kType) + " -> " + std::string(To::kType), [&] {
    From value = make();
    avx::events::RecordedEvent stored;
    stored.type = std::string(To::kType);  // one event, whose package differs only in this test
    stored.schema_version = From::kVersion;
    stored.payload = avx::events::encode(value);
    auto want = expect(value);
    RC_ASSERT(want.has_value());
    auto read = registry.read<To>(stored);
    RC_ASSERT(read.has_value());
    RC_ASSERT(*read == *want);
  });
}

std::string text() { return *avx::testing::utf8_text(); }
std::int32_t i32() { return *rc::gen::arbitrary<std::int32_t>(); }
std::int64_t i64() { return *rc::gen::arbitrary<std::int64_t>(); }
template <class T> std::optional<T> maybe(T value) {
  return *rc::gen::arbitrary<bool>() ? std::optional<T>(std::move(value)) : std::nullopt;
}
template <class E> E enum_of(int count) { return static_cast<E>(*rc::gen::inRange(0, count)); }
template <class To, class From> To same_enum(From e) { return static_cast<To>(static_cast<int>(e)); }

struct Scenario {
  std::string event;                   // its name in both files
  std::vector<std::string> also;       // other compat subjects that belong to it (its enums)
  std::function<bool()> backward;      // NEW reads what OLD wrote, faithfully
  std::function<bool()> forward;       // OLD reads what NEW wrote, faithfully
  bool bytes_backward, bytes_forward;  // what the bytes do, stated
};

// Both directions with the same field-for-field mapping (the change keeps every value).
template <class Old, class New>
Scenario same_values(std::string event, std::function<Old()> make_old, std::function<New()> make_new,
                     std::function<New(const Old&)> up, std::function<Old(const New&)> down, bool bytes_backward,
                     bool bytes_forward) {
  return {std::move(event), {},
          [=] { return survives<Old, New>(make_old, [=](const Old& o) { return std::optional<New>(up(o)); }); },
          [=] { return survives<New, Old>(make_new, [=](const New& n) { return std::optional<Old>(down(n)); }); },
          bytes_backward, bytes_forward};
}

template <class Old, class New>
Scenario scenario(std::string event, std::function<Old()> make_old, std::function<New()> make_new,
                  std::function<std::optional<New>(const Old&)> up, std::function<std::optional<Old>(const New&)> down,
                  bool bytes_backward, bool bytes_forward, std::vector<std::string> also = {}) {
  return {std::move(event), std::move(also), [=] { return survives<Old, New>(make_old, up); },
          [=] { return survives<New, Old>(make_new, down); }, bytes_backward, bytes_forward};
}

// Fields added at the end, with and without a default or requirement.
void appended_fields(std::vector<Scenario>& s) {
  s.push_back(same_values<B::AppendOptional, A::AppendOptional>(
      "AppendOptional", [] { return B::AppendOptional{text(), i32()}; },
      [] { return A::AppendOptional{text(), i32(), maybe(text()), maybe(i32())}; },
      [](auto& o) { return A::AppendOptional{o.id, o.n, std::nullopt, std::nullopt}; },
      [](auto& n) { return B::AppendOptional{n.id, n.n}; }, true, true));
  s.push_back(same_values<B::AppendDefaulted, A::AppendDefaulted>(
      "AppendDefaulted", [] { return B::AppendDefaulted{text(), i32()}; },
      [] { return A::AppendDefaulted{text(), i32(), i32(), text()}; },
      [](auto& o) { return A::AppendDefaulted{o.id, o.n, 5, "web"}; },
      [](auto& n) { return B::AppendDefaulted{n.id, n.n}; }, true, true));
  s.push_back(scenario<B::AppendRequired, A::AppendRequired>(
      "AppendRequired", [] { return B::AppendRequired{text()}; }, [] { return A::AppendRequired{text(), i64()}; },
      [](auto&) { return std::nullopt; },  // nothing was written for k: any value read is made up
      [](auto& n) { return B::AppendRequired{n.id}; }, false, true));
  s.push_back(same_values<B::RecordFieldAppended, A::RecordFieldAppended>(
      "RecordFieldAppended", [] { return B::RecordFieldAppended{B::Money{i64()}}; },
      [] { return A::RecordFieldAppended{A::Money{i64(), maybe(text())}}; },
      [](auto& o) { return A::RecordFieldAppended{A::Money{o.m.cents, std::nullopt}}; },
      [](auto& n) { return B::RecordFieldAppended{B::Money{n.m.cents}}; }, true, true));
}

// Defaults changed, added or removed: the wire keeps no default, so the values differ.
void changed_defaults(std::vector<Scenario>& s) {
  s.push_back(same_values<B::DefaultChanged, A::DefaultChanged>(
      "DefaultChanged", [] { return B::DefaultChanged{i32()}; }, [] { return A::DefaultChanged{i32()}; },
      [](auto& o) { return A::DefaultChanged{o.times}; }, [](auto& n) { return B::DefaultChanged{n.times}; }, false,
      false));
  s.push_back(same_values<B::DefaultAdded, A::DefaultAdded>(
      "DefaultAdded", [] { return B::DefaultAdded{i32()}; }, [] { return A::DefaultAdded{i32()}; },
      [](auto& o) { return A::DefaultAdded{o.times}; }, [](auto& n) { return B::DefaultAdded{n.times}; }, false,
      false));
  s.push_back(same_values<B::DefaultRemoved, A::DefaultRemoved>(
      "DefaultRemoved", [] { return B::DefaultRemoved{i32()}; }, [] { return A::DefaultRemoved{i32()}; },
      [](auto& o) { return A::DefaultRemoved{o.times}; }, [](auto& n) { return B::DefaultRemoved{n.times}; }, false,
      false));
  s.push_back(same_values<B::BoolDefaultFlipped, A::BoolDefaultFlipped>(
      "BoolDefaultFlipped", [] { return B::BoolDefaultFlipped{*rc::gen::arbitrary<bool>()}; },
      [] { return A::BoolDefaultFlipped{*rc::gen::arbitrary<bool>()}; },
      [](auto& o) { return A::BoolDefaultFlipped{o.flag}; }, [](auto& n) { return B::BoolDefaultFlipped{n.flag}; },
      false, false));
}

// Fields made optional or required.
void changed_presence(std::vector<Scenario>& s) {
  s.push_back(scenario<B::ScalarMadeOptional, A::ScalarMadeOptional>(
      "ScalarMadeOptional", [] { return B::ScalarMadeOptional{i32(), text()}; },
      [] { return A::ScalarMadeOptional{maybe(i32()), text()}; },
      [](auto& o) { return std::optional(A::ScalarMadeOptional{o.count, o.tail}); },
      [](auto& n) {
        return n.count ? std::optional(B::ScalarMadeOptional{*n.count, n.tail}) : std::nullopt;
      },
      false, false));
  s.push_back(scenario<B::ScalarMadeRequired, A::ScalarMadeRequired>(
      "ScalarMadeRequired", [] { return B::ScalarMadeRequired{maybe(i32()), text()}; },
      [] { return A::ScalarMadeRequired{i32(), text()}; },
      [](auto& o) {
        return o.count ? std::optional(A::ScalarMadeRequired{*o.count, o.tail}) : std::nullopt;
      },
      [](auto& n) { return std::optional(B::ScalarMadeRequired{n.count, n.tail}); }, false, false));
  s.push_back(scenario<B::StringMadeOptional, A::StringMadeOptional>(
      "StringMadeOptional", [] { return B::StringMadeOptional{text()}; },
      [] { return A::StringMadeOptional{maybe(text())}; },
      [](auto& o) { return std::optional(A::StringMadeOptional{o.note}); },  // present, "" included
      [](auto& n) { return n.note ? std::optional(B::StringMadeOptional{*n.note}) : std::nullopt; }, true,
      false));
  s.push_back(scenario<B::StringMadeRequired, A::StringMadeRequired>(
      "StringMadeRequired", [] { return B::StringMadeRequired{maybe(text())}; },
      [] { return A::StringMadeRequired{text()}; },
      [](auto& o) { return o.note ? std::optional(A::StringMadeRequired{*o.note}) : std::nullopt; },
      [](auto& n) { return std::optional(B::StringMadeRequired{n.note}); }, false, true));
  s.push_back(scenario<B::RecordMadeOptional, A::RecordMadeOptional>(
      "RecordMadeOptional", [] { return B::RecordMadeOptional{B::Money{i64()}}; },
      [] { return A::RecordMadeOptional{maybe(A::Money{i64(), std::nullopt})}; },
      [](auto& o) { return std::optional(A::RecordMadeOptional{A::Money{o.m.cents, std::nullopt}}); },
      [](auto& n) {
        return n.m ? std::optional(B::RecordMadeOptional{B::Money{n.m->cents}}) : std::nullopt;
      },
      true, false));
  s.push_back(same_values<B::DeprecateOptional, A::DeprecateOptional>(
      "DeprecateOptional", [] { return B::DeprecateOptional{text(), maybe(text())}; },
      [] { return A::DeprecateOptional{text(), maybe(text())}; },
      [](auto& o) { return A::DeprecateOptional{o.a, o.note}; },
      [](auto& n) { return B::DeprecateOptional{n.a, n.note}; }, true, true));
}

// Enum values added or removed, a scalar widened.
void changed_types(std::vector<Scenario>& s) {
  s.push_back(scenario<B::EnumValueAdded, A::EnumValueAdded>(
      "EnumValueAdded", [] { return B::EnumValueAdded{enum_of<B::Color>(2)}; },
      [] { return A::EnumValueAdded{enum_of<A::Color>(3)}; },
      [](auto& o) { return std::optional(A::EnumValueAdded{same_enum<A::Color>(o.c)}); },
      [](auto& n) {
        if (n.c == A::Color::BLUE) return std::optional<B::EnumValueAdded>();
        return std::optional(B::EnumValueAdded{same_enum<B::Color>(n.c)});
      },
      true, false, {"enum wire.before.Color"}));
  s.push_back(scenario<B::EnumValueRemoved, A::EnumValueRemoved>(
      "EnumValueRemoved", [] { return B::EnumValueRemoved{enum_of<B::Shade>(3)}; },
      [] { return A::EnumValueRemoved{enum_of<A::Shade>(2)}; },
      [](auto& o) {
        if (o.s == B::Shade::GONE) return std::optional<A::EnumValueRemoved>();
        return std::optional(A::EnumValueRemoved{same_enum<A::Shade>(o.s)});
      },
      [](auto& n) { return std::optional(B::EnumValueRemoved{same_enum<B::Shade>(n.s)}); }, false, true,
      {"enum wire.before.Shade"}));
  s.push_back(scenario<B::TypeChanged, A::TypeChanged>(
      "TypeChanged", [] { return B::TypeChanged{i32()}; }, [] { return A::TypeChanged{i64()}; },
      [](auto& o) { return std::optional(A::TypeChanged{o.x}); },
      [](auto& n) {
        auto narrow = static_cast<std::int32_t>(n.x);
        return narrow == n.x ? std::optional(B::TypeChanged{narrow}) : std::nullopt;
      },
      false, false));
}

// Fields moved, renamed or removed; a version bump with an upcast.
void moved_fields(std::vector<Scenario>& s) {
  s.push_back(same_values<B::FieldMoved, A::FieldMoved>(
      "FieldMoved", [] { return B::FieldMoved{text(), text()}; }, [] { return A::FieldMoved{text(), text()}; },
      [](auto& o) { return A::FieldMoved{o.b, o.a}; }, [](auto& n) { return B::FieldMoved{n.a, n.b}; }, false,
      false));
  // Renames are wire-safe; compat still reports them, for JSON and source.
  s.push_back(same_values<B::FieldRenamed, A::FieldRenamed>(
      "FieldRenamed", [] { return B::FieldRenamed{text()}; }, [] { return A::FieldRenamed{text()}; },
      [](auto& o) { return A::FieldRenamed{o.a}; }, [](auto& n) { return B::FieldRenamed{n.z}; }, true, true));
  s.push_back(scenario<B::FieldRemoved, A::FieldRemoved>(
      "FieldRemoved", [] { return B::FieldRemoved{text(), i32()}; }, [] { return A::FieldRemoved{text()}; },
      [](auto& o) { return std::optional(A::FieldRemoved{o.a}); },
      [](auto&) { return std::optional<B::FieldRemoved>(); },  // nothing is written for b
      true, false));
  // Version 1 bytes read through history + upcast; OLD code has no version 2 to read.
  s.push_back(same_values<B::VersionBumped, A::VersionBumped>(
      "VersionBumped", [] { return B::VersionBumped{text(), i64()}; },
      [] { return A::VersionBumped{text(), i64(), text()}; },
      [](auto& o) { return A::VersionBumped{o.id, o.amount, "web"}; },
      [](auto& n) { return B::VersionBumped{n.id, n.total}; }, true, false));
}

std::vector<Scenario> scenarios() {
  std::vector<Scenario> s;
  appended_fields(s);
  changed_defaults(s);
  changed_presence(s);
  changed_types(s);
  moved_fields(s);
  return s;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// compat on the two files, as one package (the generated code needs two names to link together).
std::vector<Finding> findings() {
  std::string after = read_file("tests/compat/wire/after.yaml");
  auto at = after.find("package: wire.after");
  EXPECT_NE(at, std::string::npos);
  after.replace(at, std::string("package: wire.after").size(), "package: wire.before");
  return avx::testing::compare_texts(read_file("tests/compat/wire/before.yaml"), after);
}

bool compatible(const std::vector<Finding>& all, const Scenario& s, Mode mode) {
  for (const Finding& f : all) {
    bool ours = f.subject == "event wire.before." + s.event;
    for (const auto& subject : s.also) ours = ours || f.subject == subject;
    if (ours && breaks_under(f, mode)) return false;
  }
  return true;
}

TEST(WireTruth, EveryCompatibleVerdictHoldsOnTheWire) {
  auto all = findings();
  for (const Scenario& s : scenarios()) {
    SCOPED_TRACE(s.event);
    bool backward = s.backward();
    bool forward = s.forward();
    EXPECT_EQ(backward, s.bytes_backward) << "NEW reading OLD's bytes";
    EXPECT_EQ(forward, s.bytes_forward) << "OLD reading NEW's bytes";
    if (compatible(all, s, Mode::kBackward)) {
      EXPECT_TRUE(backward) << "compat says backward compatible";
    }
    if (compatible(all, s, Mode::kForward)) {
      EXPECT_TRUE(forward) << "compat says forward compatible";
    }
  }
}

// The scenarios cover every verdict: each rule that the files exercise is reported.
TEST(WireTruth, TheFilesExerciseTheRules) {
  std::set<std::string> rules;
  for (const Finding& f : findings()) rules.insert(std::string(rule_id(f.rule)));
  for (const char* rule : {"FIELD_ADDED_REQUIRED", "FIELD_DEFAULT_CHANGED", "FIELD_MADE_OPTIONAL",
                           "FIELD_MADE_REQUIRED", "ENUM_VALUE_ADDED", "ENUM_VALUE_REMOVED", "FIELD_TYPE_CHANGED",
                           "FIELD_MOVED", "FIELD_RENAMED", "FIELD_REMOVED", "VERSION_BUMPED"}) {
    EXPECT_TRUE(rules.count(rule)) << rule;
  }
}

}  // namespace
