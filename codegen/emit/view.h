#pragma once

// The view model of one package: everything the templates print, decided here so templates hold
// only text, loops and flags.

#include <set>
#include <string>

#include <kainjow/mustache.hpp>

#include "codegen/model/model.h"

namespace avx::codegen {

inline constexpr int kGeneratorVersion = 1;  // must match AVX_EVENTS_VERSION of the runtime

struct OutputPaths {
  std::string stem;  // examples/shop/orders (the schema path relative to the root, no extension)
  std::string header() const { return stem + ".avx.h"; }
  std::string wire_header() const { return stem + ".avx.wire.h"; }
  std::string source() const { return stem + ".avx.cc"; }
  std::string capnp() const { return stem + ".avx.capnp"; }
  std::string capnp_header() const { return stem + ".avx.capnp.h"; }
};

// The schema's path relative to `root`, as outputs, includes and the generated files' stamp use it:
// no `..`, no absolute path. A schema outside the root is known by its file name alone, so
// outputs always land under --out and the same schema gives the same files on any machine.
std::string schema_path_under_root(const std::string& schema_path, const std::string& root);
OutputPaths output_paths(const std::string& schema_path, const std::string& root);

struct View {
  kainjow::mustache::data data;
  std::set<std::string> keys;  // every key set anywhere in `data`, for checking templates
};

View build_view(const Package& pkg, const std::string& root);

// A stable 64-bit Cap'n Proto file id derived from the package name (high bit set).
std::string capnp_file_id(const std::string& package);

}  // namespace avx::codegen
