#include "runtime/service/internal/bind_address.h"

#include <charconv>

namespace avx::events::service::detail {

Result<BindAddress> parse_bind_address(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return unexpected(Errc::kInvalidArgument, "expected host:port, e.g. 0.0.0.0:8080");
  }
  std::string_view digits = text.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || port > 65535) {
    return unexpected(Errc::kInvalidArgument, "the port must be a number from 0 to 65535");
  }
  return BindAddress{std::string(text.substr(0, colon)), static_cast<int>(port)};
}

}  // namespace avx::events::service::detail
