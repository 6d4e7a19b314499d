#pragma once

// Field type expressions: `int64`, `Money`, `shop.common.Money`, `list<T>`, `map<string, T>`.

#include <optional>
#include <string_view>

#include "codegen/model/diagnostics.h"
#include "codegen/model/model.h"

namespace avx::codegen {

std::optional<Primitive> primitive_from_name(std::string_view name);

// Parses `text`, written at `pos`. Reports errors (with the column of the offending character)
// and returns nullopt when the expression is malformed.
std::optional<TypeRef> parse_type(std::string_view text, const SourcePos& pos, Diagnostics& diags);

}  // namespace avx::codegen
