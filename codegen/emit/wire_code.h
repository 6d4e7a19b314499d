#pragma once

// The C++ statements that copy one field between a generated struct (`value`) and its Cap'n Proto
// builder (`out`) or reader (`in`): direct calls, so the generated code reads as a person would
// write it and compiles without instantiating a template per field.
//
//   seq: int64             out.setSeq(value.seq);             value.seq = in.getSeq();
//   id: string             out.setId(wire::text(value.id));   value.id = wire::read_text(in.getId());
//   amount: Money          avx_write(out.initAmount(), ...);  avx_read(in.getAmount(), value.amount);

#include <string>

#include "codegen/model/model.h"

namespace avx::codegen {

std::string wire_write_statement(const Field& field, const Package& pkg);
std::string wire_read_statement(const Field& field, const Package& pkg);

}  // namespace avx::codegen
