#pragma once

// Field type expressions: `int64`, `Money`, `shop.common.Money`, `list<T>`, `map<string, T>`.

#include <optional>
#include <string_view>

#include "codegen/model/diagnostics.h"
#include "codegen/model/model.h"

namespace avx::codegen {

std::optional<Primitive> primitive_from_name(std::string_view name);

// Stored inline in a Cap'n Proto struct's data section (numbers, bools, enums, times), as opposed
// to behind a pointer (text, bytes, uuid, lists, maps, records). An inline value is stored XOR its
// default, and an optional one travels in a wrapper struct, so its layout differs from a required
// one's (docs/schema.md, "Wire encoding").
bool is_scalar(const TypeRef& type);

// Parses `text`, written at `pos`. Reports errors (with the column of the offending character)
// and returns nullopt when the expression is malformed.
std::optional<TypeRef> parse_type(std::string_view text, const SourcePos& pos, Diagnostics& diags);

}  // namespace avx::codegen
