#pragma once

// Where the schemas being compared come from: files, directories of them, or a git revision.

#include <optional>
#include <string>
#include <vector>

#include "codegen/model/diagnostics.h"
#include "codegen/model/model.h"

namespace avx::codegen::compat {

// Loads and checks every schema under `paths` (files, or directories searched recursively for
// .yaml/.yml). A directory is also the root its files' imports are relative to; files use the
// current directory.
SchemaSet load_inputs(const std::vector<std::string>& paths, Diagnostics& diags);

// Extracts `ref` of the git repository around the current directory into a temporary directory
// and returns the paths there that correspond to `paths` (those that existed at `ref`), or an
// error message.
struct GitCheckout {
  std::string dir;  // removed by the destructor
  std::vector<std::string> paths;
  std::string error;
  ~GitCheckout();
};
void checkout_git(const std::string& ref, const std::vector<std::string>& paths, GitCheckout& out);

}  // namespace avx::codegen::compat
