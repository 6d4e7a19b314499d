#pragma once

#include <filesystem>
#include <ostream>
#include <string>

namespace avx::codegen {

// Writes to a temporary name and renames, so a reader never sees half a file. Creates the parent
// directories. On failure says why on `err` and returns false.
bool write_atomically(const std::filesystem::path& path, const std::string& content, std::ostream& err);

}  // namespace avx::codegen
