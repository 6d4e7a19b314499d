#pragma once

// The shape of a field list as its bytes see it, for aggregate state snapshots: each field's
// position, name, type (records and enums spelled out, recursively) and presence. A snapshot
// taken with one shape is read back only by code of the same shape; any other change makes the
// repository ignore it and rebuild the state from events.

#include <cstdint>
#include <string>
#include <vector>

#include "codegen/model/model.h"

namespace avx::codegen {

// A canonical text of the shape: equal texts, equal shapes.
std::string describe_shape(const std::vector<Field>& fields);

// 32-bit FNV-1a of describe_shape: stable across builds and machines.
std::uint32_t shape_fingerprint(const std::vector<Field>& fields);

}  // namespace avx::codegen
