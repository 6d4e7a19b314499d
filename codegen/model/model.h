#pragma once

// The one intermediate representation both front ends produce and every later stage reads:
// checks, the emitter and the compatibility checker. Plain data; positions kept for diagnostics.
// Cross references (TypeRef::enum_type etc.) are filled by the resolver in check/.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "codegen/model/source.h"

namespace avx::codegen {

struct Enum;
struct Record;
struct Package;

enum class Primitive {
  kBool, kInt32, kInt64, kUint32, kUint64, kFloat32, kFloat64,
  kString, kBytes, kTimestamp, kDuration, kUuid,
};

struct TypeRef {
  enum class Kind { kPrimitive, kNamed, kList, kMap };
  Kind kind = Kind::kPrimitive;
  Primitive primitive = Primitive::kBool;  // kPrimitive
  std::string name;                        // kNamed, as written: `Money` or `shop.common.Money`
  std::vector<TypeRef> args;               // kList: {element}; kMap: {value} (keys are strings)
  SourcePos pos;

  // Filled by the resolver for kNamed: exactly one of enum_type / record is set.
  const Enum* enum_type = nullptr;
  const Record* record = nullptr;
  const Package* package = nullptr;  // the package declaring it
};

// A scalar default as written; its meaning depends on the field's type.
struct DefaultValue {
  std::string text;
  bool quoted = false;  // written as a quoted YAML string
  SourcePos pos;
};

struct Field {
  std::string name;
  TypeRef type;
  bool optional = false;
  bool deprecated = false;
  std::optional<DefaultValue> default_value;
  SourcePos pos;

  // SCHEMA.md: required unless optional or defaulted. Like protobuf's repeated and map fields, a
  // list or map is never required: absent reads as empty (docs/schema.md).
  bool required() const {
    return !optional && !default_value && type.kind != TypeRef::Kind::kList && type.kind != TypeRef::Kind::kMap;
  }
};

struct Enumerant {
  std::string name;
  SourcePos pos;
};

struct Enum {
  std::string name;
  std::vector<Enumerant> values;  // ordinal = position
  SourcePos pos;
};

struct Record {
  std::string name;
  std::vector<Field> fields;  // wire ordinal = position
  SourcePos pos;
};

struct Rename {
  std::string from;
  std::string to;
  SourcePos pos;
};

struct Upcast {
  enum class Kind { kDeclarative, kCustom };
  Kind kind = Kind::kDeclarative;
  std::vector<Rename> renames;
  bool written = false;  // false when the history entry has no `upcast:` key
  SourcePos pos;
};

// An earlier version of an event, kept to read what was stored with it.
struct EventVersion {
  int version = 0;
  std::vector<Field> fields;
  Upcast upcast;  // how this version becomes the next one
  SourcePos pos;
};

struct NameRef {
  std::string name;
  SourcePos pos;
};

struct Event {
  std::string name;
  int version = 1;
  SourcePos version_pos;
  std::string topic;  // explicit, or <package>.<snake_case name>
  bool topic_written = false;
  SourcePos topic_pos;
  std::optional<NameRef> aggregate;
  std::vector<Field> fields;
  std::vector<EventVersion> history;  // ascending by version
  SourcePos pos;
};

struct Aggregate {
  std::string name;
  NameRef id_field;
  std::vector<Field> state;
  std::vector<NameRef> events;
  std::optional<int> snapshot_every;
  SourcePos pos;
};

struct Command {
  std::string name;
  std::optional<NameRef> aggregate;
  std::vector<Field> fields;
  std::vector<NameRef> emits;
  std::optional<TypeRef> returns;
  SourcePos pos;
};

struct Query {
  std::string name;
  std::vector<Field> fields;
  std::optional<TypeRef> returns;
  SourcePos pos;
};

struct TopicDecl {
  std::string name;
  std::vector<NameRef> events;
  SourcePos pos;
};

struct Import {
  std::string path;  // relative to the workspace root, as written
  SourcePos pos;
  const Package* package = nullptr;  // filled by the loader
};

struct Package {
  std::string name;  // shop.orders
  SourcePos name_pos;
  std::string path;  // the schema file, as given to the tool
  std::vector<Import> imports;
  std::vector<Enum> enums;
  std::vector<Record> records;
  std::vector<Event> events;
  std::vector<Aggregate> aggregates;
  std::vector<Command> commands;
  std::vector<Query> queries;
  std::vector<TopicDecl> topics;
};

// Every package loaded in one run: the files asked for and what they import. Packages never move
// once loaded (pointers into them are stable).
struct SchemaSet {
  std::vector<std::unique_ptr<Package>> packages;
  std::vector<const Package*> roots;  // the files given on the command line, in order
};

std::string to_string(Primitive p);
std::string to_string(const TypeRef& type);  // as a user writes it: list<shop.common.Money>

}  // namespace avx::codegen
