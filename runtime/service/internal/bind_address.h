#pragma once

// host:port, as http.bind_addr spells it: the configuration checks it, the HTTP server binds it.

#include <string>
#include <string_view>

#include "avx/events/result.h"

namespace avx::events::service::detail {

struct BindAddress {
  std::string host;  // as written: 0.0.0.0, 127.0.0.1, [::1], localhost
  int port = 0;      // 0: any free port
};

// Fails with what is wrong: "expected host:port, e.g. 0.0.0.0:8080" or the port's range.
Result<BindAddress> parse_bind_address(std::string_view text);

}  // namespace avx::events::service::detail
