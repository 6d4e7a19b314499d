#pragma once

// The part `stubs --check` and `stubs --sync` share: compile the schemas, read the user's handler
// files against their generated interfaces (scan.h), and say what does not match.

#include <ostream>
#include <string>
#include <vector>

#include "codegen/model/model.h"
#include "tools/stubcheck/check.h"
#include "tools/stubcheck/scan.h"

namespace avx::stubcheck {

// A handler interface the schemas ask for.
struct Expected {
  const codegen::Package* package = nullptr;
  std::string message;    // PlaceOrder
  std::string interface;  // tests::orders::PlaceOrderHandler
  std::string what;       // command tests.orders.PlaceOrder
  Spot missing_at;        // where a missing handler is reported: the package's stub header
};

struct Finding {
  Spot at;
  std::string rule;  // STUB_MISSING, STUB_STALE, STUB_ORPHANED
  std::string message;
  const Expected* expected = nullptr;  // for STUB_MISSING and STUB_STALE
  bool nothing_derives = false;        // STUB_MISSING with no class deriving from the interface
};

struct Analysis {
  int status = 0;  // 2: could not be done (said on `err`)
  codegen::SchemaSet set;
  std::vector<Expected> expected;
  std::size_t files = 0;
  ScanResult scan;
  std::vector<Finding> findings;
  std::vector<CompilerError> errors;  // in the user's files
};

Analysis analyse(const CheckOptions& options, std::ostream& err);

void print(const Finding& finding, const std::string& format, std::ostream& out);

}  // namespace avx::stubcheck
