#pragma once

// What the command line says before CLI11 parses: the version, and a helpful word for a mistyped
// command.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace avx::tools {

// "avx-events <release> (generated code format N)"
std::string version_text();

// The edit distance of two words (insertions, deletions, substitutions, adjacent swaps).
std::size_t edit_distance(std::string_view a, std::string_view b);

// For a first argument that is neither an option nor one of `commands`:
// "error: unknown command 'genrate'; did you mean 'generate'?" (or the list of commands when none
// is close). nullopt when the first argument is fine or absent.
std::optional<std::string> unknown_command(const std::vector<std::string>& commands, int argc, char** argv);

}  // namespace avx::tools
