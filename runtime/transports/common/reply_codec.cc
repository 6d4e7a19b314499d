#include "avx/events/transports/reply_codec.h"

namespace avx::events::transports {

Errc errc_named(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(Errc::kPermissionDenied); ++i) {  // the last one
    if (name == to_string(static_cast<Errc>(i))) return static_cast<Errc>(i);
  }
  return Errc::kInternal;
}

}  // namespace avx::events::transports
