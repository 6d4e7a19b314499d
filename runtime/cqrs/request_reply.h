#pragma once

// Requester: request/reply over the command and query buses, with timeouts.
//
//   Requester requester(commands, queries);
//   auto reply = requester.request(GetOrder{"o-1"}, 200ms).get();         // Result<OrderView>
//   auto r = co_await requester.async_request(GetOrder{"o-1"}, 200ms, asio::use_awaitable);
//
// Each request runs its handler on the requester's responder threads, so many requests can be in
// flight. It completes with the handler's reply; with kTimeout when the handler takes longer than
// the timeout (its late reply is dropped); or at once with kNoResponders when no handler is
// registered for the type, instead of waiting for the timeout. The request's correlation id is the
// one given in RequestOptions, or a new one; handlers see it in their DispatchContext.
//
// The destructor waits for handlers still running: a handler that never returns blocks it. The
// executor a completion runs on (a coroutine's io_context) must outlive the Requester, whose
// threads post completions to it.
//
// With GCC 12, build the message in a named variable before `co_await async_request(...)`: GCC 12
// relocates a temporary of the co_await expression bitwise, which corrupts a std::string inside it.

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include <asio/associated_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/bind_executor.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/thread_pool.hpp>

#include "avx/events/cqrs/command_bus.h"
#include "avx/events/cqrs/query_bus.h"

namespace avx::events {

struct RequestOptions {
  std::chrono::nanoseconds timeout = std::chrono::seconds(5);
  std::string correlation_id;  // empty: a new one
  Origin origin;               // handed to the handler in its DispatchContext
};

class Requester {
 public:
  Requester(CommandBus& commands, QueryBus& queries, std::size_t threads = 2)
      : commands_(commands), queries_(queries), pool_(threads == 0 ? 1 : threads) {}
  ~Requester() { pool_.join(); }
  Requester(const Requester&) = delete;
  Requester& operator=(const Requester&) = delete;

  // Completes `token` with Result<ReplyOf<M>>: a callback, asio::use_awaitable, asio::use_future.
  template <Message M, class Token>
  auto async_request(M message, RequestOptions options, Token&& token) {
    using R = Result<ReplyOf<M>>;
    // The message travels inside the initiation, which every completion token stores by value:
    // use_awaitable starts it only after this function has returned.
    return asio::async_initiate<Token, void(R)>(
        [this, message = std::move(message), options = std::move(options)](auto handler) mutable {
          start<M>(std::move(handler), std::move(message), std::move(options));
        },
        token);
  }
  template <Message M, class Token>
  auto async_request(M message, std::chrono::nanoseconds timeout, Token&& token) {
    RequestOptions options;
    options.timeout = timeout;
    return async_request(std::move(message), std::move(options), std::forward<Token>(token));
  }

  template <Message M>
  std::future<Result<ReplyOf<M>>> request(M message, RequestOptions options) {
    auto promise = std::make_shared<std::promise<Result<ReplyOf<M>>>>();
    auto future = promise->get_future();
    async_request(std::move(message), std::move(options),
                  [promise](Result<ReplyOf<M>> reply) { promise->set_value(std::move(reply)); });
    return future;
  }
  template <Message M>
  std::future<Result<ReplyOf<M>>> request(M message, std::chrono::nanoseconds timeout) {
    RequestOptions options;
    options.timeout = timeout;
    return request(std::move(message), std::move(options));
  }

  // Requests started and not yet completed.
  std::size_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

 private:
  // One request: the reply, the timeout and the completion meet on a strand, so exactly one of them
  // completes the caller's handler, without locks.
  template <class Handler>
  struct Pending {
    Pending(asio::thread_pool& pool, Handler h) : strand(asio::make_strand(pool)), timer(strand), handler(std::move(h)) {}
    asio::strand<asio::thread_pool::executor_type> strand;
    asio::steady_timer timer;
    std::optional<Handler> handler;
  };

  template <class R, class P>
  void complete(const std::shared_ptr<P>& pending, R result) {  // on the strand
    if (!pending->handler) return;  // already completed
    pending->timer.cancel();
    auto handler = std::move(*pending->handler);
    pending->handler.reset();
    in_flight_.fetch_sub(1, std::memory_order_relaxed);
    auto executor = asio::get_associated_executor(handler, pool_.get_executor());
    asio::post(executor, [handler = std::move(handler), result = std::move(result)]() mutable {
      std::move(handler)(std::move(result));
    });
  }

  template <Message M, class Handler>
  void start(Handler handler, M message, RequestOptions options) {
    using R = Result<ReplyOf<M>>;
    auto pending = std::make_shared<Pending<Handler>>(pool_, std::move(handler));
    in_flight_.fetch_add(1, std::memory_order_relaxed);
    auto& bus = bus_for<M>();
    if (!bus.template has_handler<M>()) {
      asio::post(pending->strand, [this, pending] {
        complete<R>(pending, unexpected(Errc::kNoResponders, std::string("no responders for ") +
                                                                  to_string(M::kKind) + " " + std::string(M::kType)));
      });
      return;
    }
    pending->timer.expires_after(options.timeout);
    pending->timer.async_wait(asio::bind_executor(pending->strand, [this, pending, timeout = options.timeout](
                                                                       std::error_code ec) {
      if (ec) return;  // cancelled: the reply came first
      complete<R>(pending, unexpected(Errc::kTimeout, std::string(M::kType) + " got no reply within " +
                                                         std::to_string(timeout.count() / 1000000) + " ms"));
    }));
    asio::post(pool_, [this, pending, &bus, message = std::move(message),
                       context = detail::make_context(std::move(options.correlation_id), std::move(options.origin))] {
      R reply = bus.dispatch(message, context);
      asio::post(pending->strand, [this, pending, reply = std::move(reply)]() mutable {
        complete<R>(pending, std::move(reply));
      });
    });
  }

  template <Message M>
  auto& bus_for() {
    if constexpr (M::kKind == MessageKind::kCommand) {
      return commands_;
    } else {
      return queries_;
    }
  }

  CommandBus& commands_;
  QueryBus& queries_;
  std::atomic<std::size_t> in_flight_{0};
  asio::thread_pool pool_;  // last: joined first, while the rest still exists
};

}  // namespace avx::events
