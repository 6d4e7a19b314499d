#pragma once

// The C++ statements that copy one field between a generated struct (`value`) and Cap'n Proto's
// layout-level struct builder (`out`) or reader (`in`), at the field's slot (wire_layout.h): one
// call each, to helpers compiled once per C++ type (runtime/codec/detail/wire.h).
//
//   seq: int64              avx_wire::set_scalar(out, 1, value.seq);  avx_wire::get_scalar(in, 1, value.seq);
//   id: string              avx_wire::set_text(out, 0, value.id);     avx_wire::get_text(in, 0, value.id);
//   amount: Money           avx_wire::set_value(out, 2, value.amount); avx_wire::get_value(in, 2, value.amount);

#include <string>

#include "codegen/emit/wire_layout.h"
#include "codegen/model/model.h"

namespace avx::codegen {

std::string wire_write_statement(const Field& field, const WireSlot& slot, const Package& pkg);
std::string wire_read_statement(const Field& field, const WireSlot& slot, const Package& pkg);

// Whether bytes are somewhere inside `type` (a std::string leaf that is not text): the codecs'
// templates are then told so with a Bytes tag.
bool has_bytes_leaf(const TypeRef& type);

}  // namespace avx::codegen
