#pragma once

// Temp dirs for the dev servers that never outlive the process that made them for long: the
// process holds an flock(2) on <dir>/.owner for as long as it lives (the kernel lets go when it
// ends, SIGKILL too), and making a dir first removes the dirs of the same prefix whose lock nobody
// holds: those of a test killed by its timeout, whose servers died with it (spawn's death signal)
// but whose data stayed. A lock works across the PID namespaces of Bazel's sandboxes, where a
// recorded process id would not.

#include <filesystem>
#include <string>

namespace avx::dev {

// A new directory <parent>/<prefix>.XXXXXX, locked by this process; throws std::runtime_error
// when it cannot make one.
std::string make_temp_dir(const std::string& prefix,
                          const std::filesystem::path& parent = std::filesystem::temp_directory_path());

// Removes `dir` (made by make_temp_dir) and lets go of its lock. Never throws.
void remove_temp_dir(const std::string& dir) noexcept;

// Removes every <parent>/<prefix>.* whose lock no process holds; returns how many. Dirs without a
// lock file (made before, or by something else) are left alone.
int remove_abandoned_dirs(const std::string& prefix, const std::filesystem::path& parent);

}  // namespace avx::dev
