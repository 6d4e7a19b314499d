#pragma once

// Writes a Cap'n Proto message read dynamically (from schemas compiled at run time) as JSON, in
// the mapping of the generated codecs (docs/schema.md, "JSON"). The model's fields say what the
// wire types cannot: timestamps and durations on Int64, maps as lists of entries, bytes, optional
// scalars behind wrapper structs, and enumerant names.

#include <string>
#include <vector>

#include <capnp/dynamic.h>

#include "codegen/model/model.h"

namespace avx::tools {

std::string dynamic_to_json(capnp::DynamicStruct::Reader message, const std::vector<codegen::Field>& fields);

}  // namespace avx::tools
