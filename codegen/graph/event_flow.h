#pragma once

// The event flow of checked schemas as a Graphviz DOT graph: who emits, applies, carries and
// receives each event. One cluster per package:
//
//   command  --emits-->    event      (a box)          -> (an ellipse)
//   command  --handled by--> aggregate                  (a 3-D box)
//   event    --applied to--> aggregate
//   event    --on-->       topic      (a tab: the subject it is published on)
//   topic    --->          Subscriber (the package's generated subscriber interface)
//   query    --returns-->  its reply type
//
// The output is deterministic (declaration order), so it can be kept next to the schemas.

#include <string>

#include "codegen/model/model.h"

namespace avx::codegen {

std::string event_flow_dot(const SchemaSet& set);

}  // namespace avx::codegen
