// A handler kept away from the stub files (given to --check with --sources).
#pragma once

#include "bank.avx.h"

namespace pings {

class Pinger : public tests::bank::PingHandler {
 public:
  ::avx::events::Result<::avx::events::Done> handle(const tests::bank::Ping& command,
                                                    const ::avx::events::DispatchContext& context) override;
  int count = 0;
};

}  // namespace pings
