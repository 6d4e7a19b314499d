#pragma once

#include <optional>
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
  // Set where this change breaks other modes than its rule's row of the table: making a scalar
  // optional changes the struct's layout, so it breaks every mode (SCHEMA.md section 3).
  std::optional<Breaks> breaks_override{};
};

// Which modes this finding breaks: its rule's, unless the finding says otherwise.
inline Breaks breaks(const Finding& f) { return f.breaks_override ? *f.breaks_override : breaks(f.rule); }
inline bool breaks_under(const Finding& f, Mode mode) { return breaks_under(breaks(f), mode); }
inline std::string breaks_text(const Finding& f) { return breaks_text(breaks(f)); }

}  // namespace avx::codegen::compat
