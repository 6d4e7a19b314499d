#pragma once

// What the command and query buses share: the reply of a message, the context a handler sees,
// middleware, and the type-erased handler table.

#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "avx/events/codec.h"
#include "avx/events/detail/type_id.h"
#include "avx/events/event_id.h"
#include "avx/events/origin.h"
#include "avx/events/result.h"

namespace avx::events {

enum class MessageKind { kCommand, kQuery };
const char* to_string(MessageKind kind);

// The reply of a command declared without `returns:`.
struct Done {
  bool operator==(const Done&) const = default;
};

// A generated command or query: a codec, kType, kKind and its Reply type.
template <class M>
concept Message = Encodable<M> && requires {
  { M::kType } -> std::convertible_to<std::string_view>;
  { M::kKind } -> std::convertible_to<MessageKind>;
  typename M::Reply;
};

template <Message M>
using ReplyOf = typename M::Reply;

// What a handler knows about the dispatch besides the message. Events recorded while handling a
// command carry the correlation id and the origin; their causation id is the command's id.
// A caller may pass its own: an empty message id and correlation id are filled in by the bus.
struct DispatchContext {
  std::string correlation_id;  // given by the caller, or made up by the bus
  EventId message_id;          // this dispatch
  Origin origin;               // who sent it, from which service, with which headers
};

// What middleware sees of a dispatch.
struct Dispatch {
  MessageKind kind;
  std::string_view type;  // M::kType
  const DispatchContext& context;
  const void* message;                      // the M being dispatched
  std::string (*to_json)(const void*);      // its JSON, for logs
};

// Runs around every dispatch, in the order registered (the first is outermost). Call next() to go
// on; return an error without calling it to refuse the message (validation).
using Next = std::function<Status()>;
using Middleware = std::function<Status(const Dispatch&, const Next& next)>;

namespace detail {

// Handlers by message type, and the middleware chain. Registration may happen while dispatching.
class Dispatcher {
 public:
  explicit Dispatcher(MessageKind kind) : kind_(kind) {}
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  using Chain = std::shared_ptr<const std::vector<Middleware>>;
  struct Route {
    std::shared_ptr<const void> handler;  // null: none registered
    Chain middleware;
  };

  Status add(std::size_t type, std::string_view name, std::shared_ptr<const void> handler);
  void remove(std::size_t type);
  // The handler of `type` and the middleware chain, under one lock.
  Route find(std::size_t type) const;
  void use(Middleware middleware);

  // Runs `chain` around `call`.
  static Status run(const std::vector<Middleware>& chain, const Dispatch& dispatch, const Next& call);

 private:
  MessageKind kind_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::size_t, std::shared_ptr<const void>> handlers_;  // by detail::type_id
  Chain middleware_ = std::make_shared<std::vector<Middleware>>();
};

DispatchContext make_context(std::string correlation_id, Origin origin = {});
// `context` with an id for this dispatch, and that id as correlation id when it had none.
DispatchContext complete_context(DispatchContext context);

template <Message M>
std::string message_json(const void* message) {
  return to_json(*static_cast<const M*>(message));
}

}  // namespace detail

// The typed bus over a Dispatcher: CommandBus and QueryBus are this, for their kind. A public
// name, so that users' compile errors name it rather than an internal one.
template <MessageKind Kind>
class MessageBus {
 public:
  template <Message M>
  using Handler = std::function<Result<ReplyOf<M>>(const M&, const DispatchContext&)>;

  MessageBus() = default;

  // The one handler of M; a second is refused with kAlreadyExists.
  template <Message M>
  Status handle(Handler<M> handler) {
    static_assert(M::kKind == Kind, "a command goes on the CommandBus, a query on the QueryBus");
    return dispatcher_.add(detail::type_id<M>(), M::kType, std::make_shared<const Handler<M>>(std::move(handler)));
  }
  template <Message M>
  void remove() {
    dispatcher_.remove(detail::type_id<M>());
  }
  template <Message M>
  bool has_handler() const {
    return dispatcher_.find(detail::type_id<M>()).handler != nullptr;
  }

  // Runs the middleware and the handler on this thread. No handler: kNotFound.
  template <Message M>
  Result<ReplyOf<M>> dispatch(const M& message, std::string correlation_id = {}) {
    return dispatch(message, detail::make_context(std::move(correlation_id)));
  }
  // A handler or middleware that throws becomes a kInternal error naming the message: no
  // exception crosses the bus, so none reaches an executor running a request.
  template <Message M>
  Result<ReplyOf<M>> dispatch(const M& message, const DispatchContext& context) {
    static_assert(M::kKind == Kind, "a command goes on the CommandBus, a query on the QueryBus");
    if (context.message_id.is_nil()) [[unlikely]] return dispatch(message, detail::complete_context(context));
    try {
      return dispatch_unguarded(message, context);
    } catch (const std::exception& e) {
      return unexpected(Errc::kInternal, threw<M>() + ": " + e.what());
    } catch (...) {
      return unexpected(Errc::kInternal, threw<M>() + " something that is not a std::exception");
    }
  }

  // Middleware for every later dispatch, outside the middleware added before it.
  void use(Middleware middleware) { dispatcher_.use(std::move(middleware)); }

 private:
  template <Message M>
  static std::string threw() {
    return "the handler of " + std::string(to_string(Kind)) + " " + std::string(M::kType) + " threw";
  }

  template <Message M>
  Result<ReplyOf<M>> dispatch_unguarded(const M& message, const DispatchContext& context) {
    detail::Dispatcher::Route route = dispatcher_.find(detail::type_id<M>());
    if (!route.handler) {
      return unexpected(Errc::kNotFound, std::string("no handler for ") + to_string(Kind) + " " +
                                             std::string(M::kType));
    }
    const auto& handler = *static_cast<const Handler<M>*>(route.handler.get());
    if (route.middleware->empty()) return handler(message, context);
    std::optional<Result<ReplyOf<M>>> reply;
    const Dispatch info{Kind, M::kType, context, &message, &detail::message_json<M>};
    Status outcome = detail::Dispatcher::run(*route.middleware, info, [&]() -> Status {
      reply = handler(message, context);
      if (*reply) return {};
      return Unexpected{reply->error()};
    });
    if (!outcome) return Unexpected{outcome.error()};
    if (!reply) return unexpected(Errc::kInternal, "middleware reported success without calling the handler");
    return std::move(*reply);
  }

  detail::Dispatcher dispatcher_{Kind};
};

}  // namespace avx::events
