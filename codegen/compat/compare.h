#pragma once

// Compares two versions of a set of schemas on the model (never on YAML text), so any front end
// gets it. Packages, messages, records and enums are matched by name; fields by name, then by
// position for renames (SCHEMA.md section 3).

#include <vector>

#include "codegen/compat/finding.h"
#include "codegen/model/model.h"

namespace avx::codegen::compat {

// Every change, breaking or not under some mode. Both sets must be loaded and checked.
std::vector<Finding> compare(const SchemaSet& old_set, const SchemaSet& new_set);

// Exposed for the pieces of compare.
void compare_fields(const std::string& subject, const std::vector<Field>& old_fields,
                    const std::vector<Field>& new_fields, std::vector<Finding>& out);
void compare_enum(const std::string& subject, const Enum& old_enum, const Enum& new_enum, std::vector<Finding>& out);

// A type as text with named types fully qualified, so equal text means the same wire type.
std::string qualified_type(const TypeRef& type);

}  // namespace avx::codegen::compat
