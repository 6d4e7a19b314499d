// Generated aggregate bases and the typed repository, against both store backends: record, save,
// reload (upcasting old events), publish after commit, optimistic concurrency, hostile rows.

#include <algorithm>

#include <gtest/gtest.h>

#include <avx/events.h>

#include "tests/schemas/order.h"
#include "tests/store/store_fixture.h"

namespace {

using avx::events::Errc;
using avx::events::EventData;
using avx::events::ExpectedVersion;
using avx::events::Repository;
using namespace tests::orders;

class RepositoryTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override { store_ = avx::testing::fresh_store(GetParam()); }
  std::unique_ptr<avx::events::EventStore> store_;
};

TEST_P(RepositoryTest, SavedEventsRebuildTheAggregate) {
  Repository<Order> orders(*store_);
  auto order = orders.load("o-1");
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->version(), 0u);
  order->place("c-1", {1500, Currency::EUR});
  order->pay();
  EXPECT_EQ(order->pending().size(), 2u);
  EXPECT_EQ(order->state().status, OrderStatus::PAID);
  auto saved = orders.save(*order);
  ASSERT_TRUE(saved.has_value()) << saved.error().message();
  EXPECT_EQ(saved->version, 2u);
  EXPECT_TRUE(order->pending().empty());
  EXPECT_EQ(order->loaded_version(), 2u);

  auto again = orders.load("o-1");
  ASSERT_TRUE(again.has_value()) << again.error().message();
  EXPECT_EQ(again->version(), 2u);
  EXPECT_EQ(again->state().status, OrderStatus::PAID);
  EXPECT_EQ(again->state().total, (Money{1500, Currency::EUR}));
  EXPECT_EQ(*store_->stream_version("Order-o-1"), 2u);
}

TEST_P(RepositoryTest, SavingPublishesAfterCommitWithStoreMetadata) {
  avx::events::EventBus bus;
  std::vector<avx::events::Metadata> seen;
  auto sub = bus.subscribe<OrderPlaced>([&](const auto& e) { seen.push_back(e.metadata); });
  Repository<Order> orders(*store_, &bus);
  auto order = orders.load("o-2");
  order->place("c-2", {10, Currency::USD});
  EXPECT_TRUE(seen.empty());  // nothing is published before the commit
  ASSERT_TRUE(orders.save(*order).has_value());
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].aggregate_id, "o-2");
  EXPECT_EQ(seen[0].version, 1u);
  EXPECT_EQ(seen[0].position, 1u);
  EXPECT_EQ(seen[0].event_id, (*store_->read_all(1, 1))[0].event_id);
}

TEST_P(RepositoryTest, ConcurrentModificationIsAConflict) {
  Repository<Order> orders(*store_);
  auto first = orders.load("o-3");
  first->place("c", {1, Currency::USD});
  ASSERT_TRUE(orders.save(*first).has_value());
  auto a = orders.load("o-3");
  auto b = orders.load("o-3");
  a->pay();
  b->pay();
  ASSERT_TRUE(orders.save(*a).has_value());
  auto lost = orders.save(*b);
  ASSERT_FALSE(lost.has_value());
  EXPECT_EQ(lost.error().code(), Errc::kConflict);
  EXPECT_EQ(avx::events::actual_version(lost.error()), 2u);
  EXPECT_EQ(b->pending().size(), 1u);  // still pending: reload and retry
}

// Events stored under version 1 of OrderPlaced read as version 2 through the generated upcaster.
TEST_P(RepositoryTest, OldVersionsAreUpcastOnRead) {
  EventData v1;
  v1.event_id = avx::events::EventId::generate();
  v1.type = std::string(OrderPlacedV1::kType);
  v1.schema_version = 1;
  v1.payload = avx::events::encode(OrderPlacedV1{"o-4", "c-4", {}, {999, Currency::BRL}});
  ASSERT_TRUE(store_->append("Order-o-4", ExpectedVersion::no_stream(), std::vector<EventData>{v1}).has_value());
  auto order = Repository<Order>(*store_).load("o-4");
  ASSERT_TRUE(order.has_value()) << order.error().message();
  EXPECT_EQ(order->state().total, (Money{999, Currency::BRL}));  // `amount` renamed to `total`
  EXPECT_EQ(order->channel, "web");                              // new field: its default
}

TEST_P(RepositoryTest, CorruptOrUnknownEventsAreErrorsNamingThePosition) {
  EventData corrupt;
  corrupt.event_id = avx::events::EventId::generate();
  corrupt.type = std::string(OrderPaid::kType);
  corrupt.payload = "not capnp";
  ASSERT_TRUE(store_->append("Order-bad", ExpectedVersion::any(), std::vector<EventData>{corrupt}).has_value());
  auto bad = Repository<Order>(*store_).load("bad");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message().find("event at position 1 (stream 'Order-bad' version 1)"), std::string::npos)
      << bad.error().message();

  EventData unknown = corrupt;
  unknown.event_id = avx::events::EventId::generate();
  unknown.type = std::string(OrderPlaced::kType);
  unknown.schema_version = 7;
  ASSERT_TRUE(store_->append("Order-future", ExpectedVersion::any(), std::vector<EventData>{unknown}).has_value());
  auto future = Repository<Order>(*store_).load("future");
  ASSERT_FALSE(future.has_value());
  EXPECT_NE(future.error().message().find("version 7, which no registered schema knows"), std::string::npos)
      << future.error().message();
}

TEST_P(RepositoryTest, RegistryReadsAndShowsStoredEvents) {
  avx::events::TypeRegistry registry;
  tests::orders::register_types(registry);
  EXPECT_EQ(registry.size(), 3u);  // OrderPlaced v1 and v2, OrderPaid v1
  Repository<Order> orders(*store_);
  auto order = orders.load("o-5");
  order->place("c-5", {42, Currency::EUR});
  ASSERT_TRUE(orders.save(*order).has_value());
  auto stored = (*store_->read_all(1, 1))[0];
  auto placed = registry.read<OrderPlaced>(stored);
  ASSERT_TRUE(placed.has_value());
  EXPECT_EQ(placed->customer_id, "c-5");
  EXPECT_FALSE(registry.read<OrderPaid>(stored).has_value());
  auto json = registry.to_json(stored);
  ASSERT_TRUE(json.has_value());
  EXPECT_NE(json->find("\"customer_id\":\"c-5\""), std::string::npos) << *json;
}

// Order has snapshot_every: 3.
TEST_P(RepositoryTest, SavingPastAMultipleOfSnapshotEveryStoresASnapshot) {
  Repository<Order> orders(*store_);
  auto order = orders.load("o-6");
  order->place("c", {5, Currency::USD});
  order->pay();
  ASSERT_TRUE(orders.save(*order).has_value());  // version 2: no snapshot yet
  EXPECT_FALSE(store_->load_snapshot("Order-o-6")->has_value());
  order->pay();
  order->pay();
  ASSERT_TRUE(orders.save(*order).has_value());  // version 4: crossed 3
  auto snapshot = store_->load_snapshot("Order-o-6");
  ASSERT_TRUE(snapshot->has_value());
  EXPECT_EQ((*snapshot)->version, 4u);
  EXPECT_EQ((*snapshot)->type, OrderState::kType);
}

TEST_P(RepositoryTest, LoadingReadsTheSnapshotAndOnlyTheTail) {
  Repository<Order> orders(*store_);
  auto order = orders.load("o-7");
  order->place("c", {5, Currency::USD});
  order->pay();
  ASSERT_TRUE(orders.save(*order).has_value());
  // A snapshot at version 2 whose total no replay could produce: if it is used, we see it.
  avx::events::Snapshot forged = order->snapshot();
  OrderState marked = order->state();
  marked.total.amount_cents = 777;
  forged.payload = avx::events::encode(marked);
  ASSERT_TRUE(store_->save_snapshot(forged).has_value());
  auto loaded = orders.load("o-7");
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message();
  EXPECT_EQ(loaded->state().total.amount_cents, 777);
  EXPECT_EQ(loaded->version(), 2u);
  loaded->pay();
  ASSERT_TRUE(orders.save(*loaded).has_value());  // the tail continues from the snapshot's version
  EXPECT_EQ(*store_->stream_version("Order-o-7"), 3u);
}

TEST_P(RepositoryTest, TimeTravelLoadsTheAggregateAsItWasAfterAVersion) {
  Repository<Order> orders(*store_);
  auto order = orders.load("o-tt");
  order->place("c", {5, Currency::USD});
  ASSERT_TRUE(orders.save(*order).has_value());
  order->pay();
  order->pay();
  order->pay();
  ASSERT_TRUE(orders.save(*order).has_value());  // version 4, with a snapshot at 4
  avx::events::Snapshot forged = order->snapshot();  // marked, to see whether it is used
  OrderState marked = order->state();
  marked.total.amount_cents = 777;
  forged.payload = avx::events::encode(marked);
  ASSERT_TRUE(store_->save_snapshot(forged).has_value());

  auto first = orders.load_at_version("o-tt", 1);
  ASSERT_TRUE(first.has_value()) << first.error().message();
  EXPECT_EQ(first->version(), 1u);
  EXPECT_EQ(first->state().status, OrderStatus::PENDING);
  auto third = orders.load_at_version("o-tt", 3);  // the snapshot is of a later version
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->version(), 3u);
  EXPECT_EQ(third->state().total.amount_cents, 5);
  auto fourth = orders.load_at_version("o-tt", 4);  // at the snapshot: it is used
  EXPECT_EQ(fourth->state().total.amount_cents, 777);
  EXPECT_EQ(orders.load_at_version("o-tt", 99)->version(), 4u);
  EXPECT_EQ(orders.load_at_version("o-tt", 0)->version(), 0u);
}

TEST_P(RepositoryTest, TimeTravelLoadsTheAggregateAsItWasAtATime) {
  Repository<Order> orders(*store_);
  auto order = orders.load("o-at");
  const auto before = avx::events::now() - std::chrono::seconds(1);
  order->place("c", {5, Currency::USD});
  ASSERT_TRUE(orders.save(*order).has_value());
  const auto placed = avx::events::now();
  while (avx::events::now() <= placed) {
  }
  order->pay();
  ASSERT_TRUE(orders.save(*order).has_value());

  auto then = orders.load_at_time("o-at", placed);
  ASSERT_TRUE(then.has_value()) << then.error().message();
  EXPECT_EQ(then->version(), 1u);
  EXPECT_EQ(then->state().status, OrderStatus::PENDING);
  EXPECT_EQ(orders.load_at_time("o-at", before)->version(), 0u);
  EXPECT_EQ(orders.load_at_time("o-at", avx::events::now())->state().status, OrderStatus::PAID);
}

TEST_P(RepositoryTest, ASnapshotThatNoLongerFitsIsIgnored) {
  Repository<Order> orders(*store_);
  auto order = orders.load("o-8");
  order->place("c", {5, Currency::USD});
  ASSERT_TRUE(orders.save(*order).has_value());
  avx::events::Snapshot stale = order->snapshot();
  stale.schema_version = 99;  // written by a release whose state had another shape
  stale.payload = "garbage!";
  ASSERT_TRUE(store_->save_snapshot(stale).has_value());
  auto loaded = orders.load("o-8");
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message();
  EXPECT_EQ(loaded->version(), 1u);
  EXPECT_EQ(loaded->state().total.amount_cents, 5);
}

// Bytes of another shape that decode without error (a state whose fields moved): before snapshots
// carried the state's shape, every one said version 1 and this one was restored into the wrong
// fields.
TEST_P(RepositoryTest, ASnapshotOfAnotherShapeIsIgnoredEvenWhenItsBytesDecode) {
  Repository<Order> orders(*store_);
  auto order = orders.load("o-9");
  order->place("c", {5, Currency::USD});
  ASSERT_TRUE(orders.save(*order).has_value());
  avx::events::Snapshot other = order->snapshot();
  other.schema_version = 1;
  other.payload = avx::events::encode(Money{1, Currency::EUR});  // decodes as an OrderState too
  ASSERT_TRUE(avx::events::decode<OrderState>(other.payload).has_value());
  ASSERT_TRUE(store_->save_snapshot(other).has_value());
  auto loaded = orders.load("o-9");
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message();
  EXPECT_EQ(loaded->state().total.amount_cents, 5);
  EXPECT_EQ(loaded->state().status, OrderStatus::PENDING);
  EXPECT_NE(Order::kStateShape, 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, RepositoryTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "sqlite" : "memory"; });

}  // namespace
