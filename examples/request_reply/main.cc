// Request/reply: many quotes in flight at once, an unknown SKU answered with an error, a slow
// answer cut off by its timeout, a command nobody serves failing at once, and a coroutine caller.
//
//   bazel run //examples/request_reply

#include <iostream>
#include <map>
#include <thread>
#include <vector>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/use_awaitable.hpp>

#include <avx/events.h>

#include "examples/request_reply/pricing.avx.h"

using namespace std::chrono_literals;
using examples::pricing::Quote;
using examples::pricing::Restock;

class Pricing final : public examples::pricing::QuoteHandler {
 public:
  avx::events::Result<std::int64_t> handle(const Quote& q, const avx::events::DispatchContext&) override {
    if (q.sku == "slow") std::this_thread::sleep_for(300ms);  // a stuck price feed
    auto price = prices_.find(q.sku);
    if (price == prices_.end()) return avx::events::unexpected(avx::events::Errc::kNotFound, "no price for " + q.sku);
    return price->second * q.quantity;
  }

 private:
  const std::map<std::string, std::int64_t> prices_{{"apple", 40}, {"pear", 55}, {"slow", 1}};
};

std::string text(const avx::events::Result<std::int64_t>& r) {
  return r ? std::to_string(*r) + " cents" : std::string(avx::events::to_string(r.error().code())) + ": " +
                                                 r.error().message();
}

int main() {
  avx::events::CommandBus commands;
  avx::events::QueryBus queries;
  Pricing pricing;
  if (auto routed = route(queries, pricing); !routed) return 1;
  asio::io_context io;  // where the coroutine runs: it must outlive the requester, which posts to it
  avx::events::Requester requester(commands, queries, 4);

  std::vector<std::pair<std::string, std::future<avx::events::Result<std::int64_t>>>> in_flight;
  for (int quantity = 1; quantity <= 3; ++quantity) {
    in_flight.emplace_back("apple x" + std::to_string(quantity), requester.request(Quote{"apple", quantity}, 1s));
  }
  in_flight.emplace_back("kiwi x1", requester.request(Quote{"kiwi", 1}, 1s));
  in_flight.emplace_back("slow x1 (50 ms timeout)", requester.request(Quote{"slow", 1}, 50ms));
  std::cout << requester.in_flight() << " requests in flight\n";
  for (auto& [what, reply] : in_flight) std::cout << what << ": " << text(reply.get()) << '\n';

  auto restock = requester.request(Restock{"apple", 10}, 10s).get();  // nobody handles Restock here
  std::cout << "restock: " << (restock ? "ok" : restock.error().message()) << " (without waiting 10 s)\n";

  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        Quote pears{"pear", 2};  // named: see the GCC 12 note in request_reply.h
        auto r = co_await requester.async_request(std::move(pears), 1s, asio::use_awaitable);
        std::cout << "from a coroutine, pear x2: " << text(r) << '\n';
      },
      asio::detached);
  io.run();
  return 0;
}
