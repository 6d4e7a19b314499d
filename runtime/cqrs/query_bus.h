#pragma once

// QueryBus: each query type has exactly one handler, which answers from a read model.
//
//   QueryBus queries;
//   queries.handle<GetOrder>([&](const GetOrder& q, const DispatchContext&) -> Result<OrderView> { ... });
//   auto view = queries.dispatch(GetOrder{"o-1"});

#include "avx/events/cqrs/dispatch.h"

namespace avx::events {

using QueryBus = MessageBus<MessageKind::kQuery>;

}  // namespace avx::events
