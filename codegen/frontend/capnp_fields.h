#pragma once

// Cap'n Proto fields and types -> model fields and types (SCHEMA.md section 4): lowerCamel names
// become lower_snake (and must map back), Int64 with $Avx.timestamp or $Avx.duration is a time,
// Text with $Avx.uuid a uuid, List(Entry) with $Avx.map a map<string, T>, a struct or enum of an
// imported file is named by its package (`shop.common.Money`). What the model cannot express
// (Int8, Void, AnyPointer, interfaces, generics, groups, unions) is an error at the field.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <capnp/schema.h>

#include "codegen/frontend/capnp_session.h"
#include "codegen/frontend/capnp_text.h"
#include "codegen/model/diagnostics.h"
#include "codegen/model/model.h"

namespace avx::codegen {

// order_id <- orderId; reports a name that does not map back (orderID) and returns nullopt.
std::optional<std::string> snake_field_name(std::string_view capnp_name, const SourcePos& pos, Diagnostics& diags);
// IN_STOCK <- inStock, likewise.
std::optional<std::string> upper_snake_enumerant(std::string_view capnp_name, const SourcePos& pos, Diagnostics& diags);

class CapnpFields {
 public:
  // `packages` names the package of every file whose types this file may use, by file id.
  CapnpFields(const CapnpAnnotations& annotations, std::uint64_t file_id, std::map<std::uint64_t, std::string> packages,
              const CapnpText& text, Diagnostics& diags)
      : annotations_(annotations), file_id_(file_id), packages_(std::move(packages)), text_(text), diags_(diags) {}

  // The fields of `schema`, declared at `at` in the text, in ordinal order.
  std::vector<Field> fields(capnp::StructSchema schema, std::size_t at);
  // A type written in an annotation (`returns = "List(Text)"`), in Cap'n Proto's spelling.
  std::optional<TypeRef> type_expression(std::string_view text, const SourcePos& pos);

  // Structs used as map entries (List(Entry) $Avx.map), added to `out`: not records of their own.
  static void collect_map_entries(const CapnpAnnotations& annotations, capnp::StructSchema schema,
                                  std::set<std::uint64_t>& out);
  // Structs that are not types (map entries, history versions), and what they are instead: using
  // one as a field's type is an error.
  void set_not_types(std::map<std::uint64_t, std::string> not_types) { not_types_ = std::move(not_types); }

 private:
  struct Marks {
    bool optional = false, deprecated = false, timestamp = false, duration = false, uuid = false, map = false;
  };
  Marks marks_of(capnp::StructSchema::Field field, const SourcePos& pos);
  std::optional<TypeRef> type_of(capnp::Type type, const Marks& marks, const SourcePos& pos);
  std::optional<TypeRef> map_of(capnp::Type type, const SourcePos& pos, int depth = 0);
  std::optional<TypeRef> named(capnp::Schema schema, const SourcePos& pos);
  std::optional<DefaultValue> default_of(capnp::StructSchema::Field field, const SourcePos& pos);

  const CapnpAnnotations& annotations_;
  std::uint64_t file_id_;
  std::map<std::uint64_t, std::string> packages_;
  std::map<std::uint64_t, std::string> not_types_;
  const CapnpText& text_;
  Diagnostics& diags_;
};

}  // namespace avx::codegen
