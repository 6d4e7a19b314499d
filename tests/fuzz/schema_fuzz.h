#pragma once

// What both schema fuzz targets do with a package their front end read: check it, and emit it when
// it passes. Errors are diagnostics; nothing may crash.

#include <memory>

#include "codegen/check/check.h"
#include "codegen/emit/emitter.h"

namespace avx::fuzz {

inline void check_and_emit(std::unique_ptr<codegen::Package> package, codegen::Diagnostics& diags) {
  if (!package) return;
  codegen::SchemaSet set;
  set.roots.push_back(package.get());
  set.packages.push_back(std::move(package));
  codegen::check_schemas(set, diags);
  if (!diags.has_errors()) (void)codegen::emit_package(*set.roots[0], {}, diags);
}

}  // namespace avx::fuzz
