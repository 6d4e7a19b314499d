#include "ping.h"

namespace pings {

::avx::events::Result<::avx::events::Done> Pinger::handle(const tests::bank::Ping&,
                                                          const ::avx::events::DispatchContext&) {
  ++count;
  return ::avx::events::Done{};
}

}  // namespace pings
