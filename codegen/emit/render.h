#pragma once

// Renders one template against a view; template errors become diagnostics at the schema file.

#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "codegen/model/diagnostics.h"
#include "codegen/model/model.h"

namespace avx::codegen {

std::string render(std::string_view text, const kainjow::mustache::data& view, const std::string& name,
                   const Package& pkg, Diagnostics& diags);

}  // namespace avx::codegen
