#include "avx/events/cqrs/dispatch.h"

#include <mutex>

#include "avx/events/event_id.h"

namespace avx::events {

const char* to_string(MessageKind kind) { return kind == MessageKind::kCommand ? "command" : "query"; }

namespace detail {

Status Dispatcher::add(std::size_t type, std::string_view name, std::shared_ptr<const void> handler) {
  std::unique_lock lock(mutex_);
  if (!handlers_.emplace(type, std::move(handler)).second) {
    return unexpected(Errc::kAlreadyExists,
                      std::string(to_string(kind_)) + " " + std::string(name) + " already has a handler");
  }
  return {};
}

void Dispatcher::remove(std::size_t type) {
  std::unique_lock lock(mutex_);
  handlers_.erase(type);
}

Dispatcher::Route Dispatcher::find(std::size_t type) const {
  std::shared_lock lock(mutex_);
  auto it = handlers_.find(type);
  return {it == handlers_.end() ? nullptr : it->second, middleware_};
}

void Dispatcher::use(Middleware middleware) {
  std::unique_lock lock(mutex_);
  auto next = std::make_shared<std::vector<Middleware>>(*middleware_);
  next->push_back(std::move(middleware));
  middleware_ = std::move(next);
}

Status Dispatcher::run(const std::vector<Middleware>& chain, const Dispatch& dispatch, const Next& call) {
  // Each layer's next() calls the layer after it; the last calls the handler.
  std::function<Status(std::size_t)> layer = [&](std::size_t i) -> Status {
    if (i == chain.size()) return call();
    return chain[i](dispatch, [&layer, i] { return layer(i + 1); });
  };
  return layer(0);
}

DispatchContext make_context(std::string correlation_id, Origin origin) {
  DispatchContext context;
  context.correlation_id = std::move(correlation_id);
  context.origin = std::move(origin);
  return complete_context(std::move(context));
}

DispatchContext complete_context(DispatchContext context) {
  if (context.message_id.is_nil()) context.message_id = EventId::generate();
  if (context.correlation_id.empty()) context.correlation_id = context.message_id.to_string();
  return context;
}

}  // namespace detail
}  // namespace avx::events
