#pragma once

// --demo: a short workload driven against the running service over HTTP, as a client would, with
// a report of what happened. True when every answer was the one expected.

#include <ostream>
#include <string>

namespace examples::shop {

bool run_demo(const std::string& url, std::ostream& out);

}  // namespace examples::shop
