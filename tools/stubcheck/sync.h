#pragma once

// `avx-events stubs --sync`: what --check finds missing is added, in the user's stub files, as the
// stubs command would have written it: the class after the last handler class of its package in
// the stub header, the definition (answering kUnimplemented) after the last handle() definition in
// the stub source, each inside the package's namespace. Nothing else in the files changes; stale
// and orphaned handlers are reported (with the signature the schema now declares), never edited.
// Stub files that do not exist yet are written whole, as `stubs` writes them. Running it again
// changes nothing. Exit status: 0 in sync afterwards, 1 stale or orphaned handlers remain, 2 error.

#include <ostream>
#include <string>

#include "tools/stubcheck/check.h"

namespace avx::stubcheck {

// `include_dir`: how a newly written stub source includes its header (as for `stubs`).
int sync_stubs(const CheckOptions& options, const std::string& include_dir, std::ostream& out, std::ostream& err);

}  // namespace avx::stubcheck
