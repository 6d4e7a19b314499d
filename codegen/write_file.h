#pragma once

#include <filesystem>
#include <ostream>
#include <string>

namespace avx::codegen {

// Writes to a temporary name and renames, so a reader never sees half a file. Creates the parent
// directories. On failure says why on `err` and returns false.
bool write_atomically(const std::filesystem::path& path, const std::string& content, std::ostream& err);

// The whole file; empty when it cannot be read.
std::string read_all(const std::filesystem::path& path);

}  // namespace avx::codegen
