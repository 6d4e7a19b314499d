#pragma once

// The handler of a command against an aggregate: load, handle (which records events), save with
// the loaded version as the expected version, publish after commit. When another writer saved the
// aggregate in between (kConflict), the whole cycle runs again on the fresh state, up to
// max_attempts; a handler error saves nothing.
//
// Generated code uses it: shop::orders::route(commands, handler, repository).

#include <string>

#include "avx/events/cqrs/command_bus.h"
#include "avx/events/repository.h"

namespace avx::events {

struct CommandRetry {
  int max_attempts = 3;  // loads, at most, when saves keep meeting concurrent changes
};

// `handle(A&, const C&, const DispatchContext&)` returns Result<ReplyOf<C>>; `id_of(const C&)`
// names the aggregate.
template <class A, Message C, class Handle, class IdOf>
typename CommandBus::template Handler<C> aggregate_command(Repository<A>& repository, Handle handle, IdOf id_of,
                                                           CommandRetry retry = {}) {
  return [&repository, handle = std::move(handle), id_of = std::move(id_of), retry](
             const C& command, const DispatchContext& context) -> Result<ReplyOf<C>> {
    for (int attempt = 1;; ++attempt) {
      auto aggregate = repository.load(std::string(id_of(command)));
      if (!aggregate) return Unexpected{aggregate.error()};
      aggregate->correlate(context.correlation_id, context.message_id.to_string(), context.origin);
      Result<ReplyOf<C>> reply = handle(*aggregate, command, context);
      if (!reply) return reply;
      auto saved = repository.save(*aggregate);
      if (saved) return reply;
      if (saved.error().code() != Errc::kConflict || attempt >= retry.max_attempts) {
        return Unexpected{saved.error()};
      }
    }
  };
}

}  // namespace avx::events
