#pragma once

// Prints findings as text (`path:line:col: error [RULE_ID] message`), GitHub workflow annotations,
// or JSON (stable; documented in docs/compatibility.md).

#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "codegen/compat/finding.h"

namespace avx::codegen::compat {

enum class Format { kText, kJson, kGithub };

std::optional<Format> parse_format(std::string_view text);

// Returns how many findings break under `mode`.
std::size_t report(const std::vector<Finding>& findings, Mode mode, Format format, std::ostream& out);

}  // namespace avx::codegen::compat
