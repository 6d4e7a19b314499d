// The C++ snippets of README.md, compiled and run. Each snippet's lines appear here in order
// (snippets_test.sh checks that, so README and this file cannot drift apart); what surrounds them
// is the context a reader would have.

#include <avx/events.h>
#include "examples/basic_pubsub/greetings.avx.h"

#include <filesystem>
#include <iostream>
#include <map>

#include <asio/io_context.hpp>
#include <gtest/gtest.h>

#include "examples/cqrs/library.avx.h"
#include "examples/event_sourcing/bank.avx.h"
#include "examples/topic_routing/inventory.avx.h"

namespace {

using examples::greetings::Greeted;
using examples::inventory::StockReceived;
using namespace examples::bank;

TEST(Readme, UsingIt) {
  avx::events::EventBus bus;
  auto sub = bus.subscribe<Greeted>([](const avx::events::Envelope<Greeted>& e) {
    std::cout << "hello, " << e.event.name << " (" << e.metadata.event_id.to_string() << ")\n";
  });
  bus.publish(Greeted{"Ada"});          // delivered synchronously, inside publish

  std::string bytes = avx::events::encode(Greeted{"Linus", 2});     // Cap'n Proto binary
  auto back = avx::events::decode<Greeted>(bytes);                  // Result<Greeted>: never crashes
  std::string json = avx::events::to_json(Greeted{"Linus", 2});     // {"name":"Linus","times":2}
  EXPECT_EQ(sub.stats().delivered, 1u);
  EXPECT_EQ(*back, (Greeted{"Linus", 2}));
  EXPECT_EQ(json, R"({"name":"Linus","times":2})");
}

TEST(Readme, AsyncDelivery) {
  avx::events::EventBus bus;
  asio::io_context io;
  int handled = 0;
  auto handler = [&](const avx::events::Envelope<Greeted>&) { ++handled; };
  avx::events::SubscribeOptions async{avx::events::AsyncDelivery{
      io.get_executor(), /*capacity=*/4096, avx::events::OverflowPolicy::kDropOldest}};
  auto slow = bus.subscribe<Greeted>(handler, async);   // slow.stats().dropped counts the lag
  bus.publish(Greeted{"Ada"});
  io.run();
  EXPECT_EQ(handled, 1);
  EXPECT_EQ(slow.stats().dropped, 0u);
}

TEST(Readme, Topics) {
  int east_seen = 0, audited = 0;
  auto handler = [&](const avx::events::Envelope<StockReceived>&) { ++east_seen; };
  avx::events::TopicBus topics;
  auto east = topics.subscribe<StockReceived>("inventory.east.**", handler);   // Result<Subscription>
  auto audit = topics.subscribe_raw("inventory.**", [](const avx::events::RawEnvelope& e) {
    // e.topic, e.type, e.schema_version, e.payload (Cap'n Proto bytes): what a bridge forwards
    EXPECT_FALSE(e.payload.empty());
  });
  topics.publish(StockReceived{"sku-1", 40});   // published on StockReceived::kTopic
  EXPECT_EQ(east_seen, 1);
  EXPECT_EQ(east->stats().delivered, 1u);
  EXPECT_EQ(audit->stats().delivered, 1u);
  (void)audited;
}

class Account : public examples::bank::AccountBase {
 public:
  using AccountBase::AccountBase;
  avx::events::Status deposit(std::int64_t cents) {
    if (!state().open) return avx::events::unexpected(avx::events::Errc::kNotFound, "not open");
    record(MoneyDeposited{id(), cents});   // applies it, and keeps it to be saved
    return {};
  }
  void apply(const MoneyDeposited& e) override { state_.balance_cents += e.amount_cents; }
  // ... one apply per event
  void apply(const AccountOpened&) override { state_.open = true; }
  void apply(const MoneyWithdrawn& e) override { state_.balance_cents -= e.amount_cents; }
  void open() { record(AccountOpened{id(), "Ada", "EUR"}); }
};

TEST(Readme, EventSourcing) {
  std::filesystem::current_path(std::getenv("TEST_TMPDIR"));
  avx::events::EventBus bus;
  {
    auto first = avx::events::open_sqlite_store("bank.db");
    ASSERT_TRUE(first.has_value()) << first.error().message();
    avx::events::Repository<Account> opening(**first, &bus);
    auto fresh = opening.load("ada");
    fresh->open();
    ASSERT_TRUE(opening.save(*fresh).has_value());
  }
  auto store = avx::events::open_sqlite_store("bank.db");        // WAL, durable, group commit
  avx::events::Repository<Account> accounts(**store, &bus);
  auto account = accounts.load("ada");          // replays Account-ada, upcasting old versions
  auto deposited = account->deposit(2500);      // Status: kNotFound when the account is not open
  auto saved = accounts.save(*account);         // expected version = loaded version; kConflict otherwise
  ASSERT_TRUE(deposited.has_value()) << deposited.error().message();
  ASSERT_TRUE(saved.has_value()) << saved.error().message();
  EXPECT_EQ(accounts.load("ada")->state().balance_cents, 2500);

  avx::events::TypeRegistry registry;
  register_types(registry);
  std::map<std::string, std::int64_t> totals;
  auto projection = avx::events::CatchUpSubscription::start(**store, [&](const avx::events::RecordedEvent& e) {
    if (auto deposit = registry.read<MoneyDeposited>(e)) totals[deposit->account_id] += deposit->amount_cents;
  });
  auto lag = (*projection)->stats().lag;   // head position minus the last delivered
  EXPECT_LE(lag, 2u);
  ASSERT_TRUE((*projection)->wait_for(2, std::chrono::seconds(20)));
  EXPECT_EQ(totals["ada"], 2500);
}

class Book : public examples::library::BookBase {
 public:
  using BookBase::BookBase;
  void apply(const examples::library::BookAdded& e) override { state_.title = e.title; }
  void apply(const examples::library::BookLent& e) override { state_.borrower = e.member_id; }
  void apply(const examples::library::BookReturned&) override { state_.borrower.clear(); }
};

class LendBookHandling final : public examples::library::LendBookHandler {
 public:
  avx::events::Result<std::string> handle(examples::library::BookBase& book, const examples::library::LendBook& c,
                                          const avx::events::DispatchContext&) override {
    book.record(examples::library::BookLent{c.book_id, c.member_id});
    return std::string("lent");
  }
};

TEST(Readme, Commands) {
  using examples::library::LendBook;
  auto memory = avx::events::make_memory_store();
  avx::events::EventStore& store = *memory;
  avx::events::EventBus bus;
  std::vector<std::string> lines;
  auto log = [&](std::string_view line) { lines.emplace_back(line); };
  avx::events::Repository<Book> books(store, &bus);
  avx::events::CommandBus commands;
  LendBookHandling lend;                               // your LendBookHandler
  auto routed = route(commands, lend, books);          // kAlreadyExists if routed twice
  commands.use(avx::events::logging_middleware(log));  // middleware, in the order added
  auto title = commands.dispatch(LendBook{"b-1", "ada"}, "checkout-42");  // Result<std::string>
  ASSERT_TRUE(routed.has_value()) << routed.error().message();
  ASSERT_TRUE(title.has_value()) << title.error().message();
  EXPECT_EQ(*title, "lent");
  EXPECT_EQ(lines.size(), 1u);
  EXPECT_FALSE(route(commands, lend, books).has_value());
}

}  // namespace
