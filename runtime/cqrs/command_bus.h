#pragma once

// CommandBus: each command type has exactly one handler; dispatch runs the middleware and the
// handler on the calling thread and returns the handler's reply.
//
//   CommandBus commands;
//   commands.handle<PlaceOrder>([](const PlaceOrder& c, const DispatchContext&) -> Result<std::string> { ... });
//   auto id = commands.dispatch(PlaceOrder{...});   // Result<std::string>
//
// Generated code routes typed handler interfaces onto it: shop::orders::route(commands, handler).

#include "avx/events/cqrs/dispatch.h"

namespace avx::events {

using CommandBus = MessageBus<MessageKind::kCommand>;

}  // namespace avx::events
