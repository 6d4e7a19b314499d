#pragma once

// Renders the generated files of one package from the templates. Nothing touches the disk here.

#include <set>
#include <string>
#include <vector>

#include "codegen/model/diagnostics.h"
#include "codegen/model/model.h"

namespace avx::codegen {

struct GeneratedFile {
  std::string path;  // relative to the output directory
  std::string content;
};

struct EmitOptions {
  std::string root = ".";
};

// The header, wire header, source and Cap'n Proto schema of `pkg` (checked, types resolved).
std::vector<GeneratedFile> emit_package(const Package& pkg, const EmitOptions& options, Diagnostics& diags);

// Tag names a template uses that `view` never defines anywhere: kainjow renders them as empty
// text silently, so tests call this to make a typo fail loudly.
std::vector<std::string> unknown_tags(std::string_view template_text, const std::set<std::string>& view_keys);

}  // namespace avx::codegen
