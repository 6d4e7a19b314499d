// The C++ snippets of README.md's NATS section and docs/distributed.md, compiled and run against a
// real nats-server. Each snippet's lines appear here in order (snippets_test.sh checks that).

#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <avx/events.h>
#include <avx/events/nats/relay.h>
#include <avx/events/nats/request_reply.h>
#include <avx/events/nats/transport.h>

#include "examples/cqrs/library.avx.h"
#include "examples/topic_routing/inventory.avx.h"
#include "tests/support/deadline.h"
#include "tools/dev/nats_server.h"

namespace {

using namespace std::chrono_literals;
using avx::events::DispatchContext;
using avx::events::Envelope;
using avx::events::Result;
using avx::testing::eventually;
using examples::inventory::StockReceived;
using examples::library::GetLoans;
using examples::library::Loans;

TEST(NatsSnippets, PublishSubscribeRequestAndRelay) {
  avx::dev::NatsServer server;
  ASSERT_EQ(setenv("AVX_NATS_URL", server.url().c_str(), 1), 0);
  avx::events::TypeRegistry registry;
  examples::inventory::register_types(registry);
  StockReceived received;
  received.sku = "sku-1";
  received.quantity = 40;
  std::mutex m;
  std::vector<std::string> skus;
  auto on_received = [&](const Envelope<StockReceived>& e) {
    std::lock_guard lock(m);
    skus.push_back(e.event.sku);
  };

  auto nats = avx::events::nats::Transport::connect();  // $AVX_NATS_URL, else nats://127.0.0.1:4222
  auto stream = (*nats)->ensure_stream({"inventory.**"});
  auto stored = (*nats)->publish(received);  // returns once the stream has it: Result<PublishAck>
  avx::events::nats::ConsumeOptions pickers;
  pickers.group = "pickers";  // the members of a group share the events
  auto sub = (*nats)->subscribe<StockReceived>("inventory.*.stock.*", registry, on_received, pickers);
  ASSERT_TRUE(stream && stored && sub);
  ASSERT_TRUE(eventually([&] { std::lock_guard lock(m); return !skus.empty(); }, 20s));
  EXPECT_EQ(skus.front(), "sku-1");

  auto sent = (*nats)->publish_async(received);  // returns once sent: at most Options::async_window unacknowledged
  auto all_stored = (*nats)->flush();            // every async publish acknowledged, or an error naming the lost
  ASSERT_TRUE(sent && all_stored);
  ASSERT_TRUE(eventually([&] { std::lock_guard lock(m); return skus.size() == 2; }, 20s));

  auto answer_loans = [](const GetLoans& q, const DispatchContext&) -> Result<Loans> {
    Loans loans;
    loans.member_id = q.member_id;
    loans.titles = {"Dune"};
    return loans;
  };
  avx::events::RequestOptions asking;
  asking.timeout = 2s;
  auto responder = avx::events::nats::respond<GetLoans>(**nats, answer_loans);  // in one service
  auto loans = avx::events::nats::request(**nats, GetLoans{"ada"}, asking);     // in another: Result<Loans>
  ASSERT_TRUE(responder && loans) << (loans ? "" : loans.error().message());
  EXPECT_EQ(loans->titles, std::vector<std::string>{"Dune"});

  auto store = avx::events::make_memory_store();
  avx::events::EventData e;
  e.event_id = avx::events::EventId::generate();
  e.type = std::string(StockReceived::kType);
  e.payload = avx::events::encode(received);
  ASSERT_TRUE(store->append("Stock-sku-1", avx::events::ExpectedVersion::any(), {&e, 1}));
  avx::events::nats::RelayOptions relay_options;
  relay_options.name = "inventory-relay";
  auto relay = avx::events::nats::Relay::start(*store, **nats, registry, relay_options);
  ASSERT_TRUE(relay);
  ASSERT_TRUE(eventually([&] { return (*relay)->stats().last == 1; }, 20s));
  ASSERT_TRUE(eventually([&] { std::lock_guard lock(m); return skus.size() == 3; }, 20s));  // relayed, consumed
}

}  // namespace
