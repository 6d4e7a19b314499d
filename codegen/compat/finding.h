#pragma once

#include <string>

#include "codegen/compat/rules.h"
#include "codegen/model/source.h"

namespace avx::codegen::compat {

// One change between two schema versions. `pos` is in NEW, or in OLD for something removed.
struct Finding {
  Rule rule;
  std::string subject;  // what changed: "event shop.orders.OrderPlaced", "enum shop.orders.Currency"
  std::string message;  // one line: what changed and how to evolve safely instead
  SourcePos pos;
  std::string against;  // the OLD input this was compared with (transitive modes name each)
};

}  // namespace avx::codegen::compat
