// The conformance suite's tests (conformance_suite.h): one behaviour each, for every backend.

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "avx/events/event_cursor.h"
#include "avx/events/store.h"
#include "tests/store/conformance_suite.h"
#include "tests/support/deadline.h"

namespace {

using avx::testing::Conformance;
using avx::events::Direction;
using avx::events::Errc;
using avx::events::EventCursor;
using avx::events::EventData;
using avx::events::EventPage;
using avx::events::EventId;
using avx::events::EventStore;
using avx::events::ExpectedVersion;

EventData event(std::string type = "test.Happened", std::string payload = "payload") {
  EventData e;
  e.event_id = EventId::generate();
  e.type = std::move(type);
  e.payload = std::move(payload);
  return e;
}

std::vector<EventData> events(int n) {
  std::vector<EventData> out;
  for (int i = 0; i < n; ++i) out.push_back(event("test.E", "p" + std::to_string(i)));
  return out;
}

TEST_P(Conformance, AppendToANewStreamStartsAtVersionOneAndPositionOne) {
  auto r = store_->append("order-1", ExpectedVersion::no_stream(), events(2));
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_EQ(r->version, 2u);
  EXPECT_EQ(r->last_position, 2u);
  EXPECT_EQ(*store_->stream_version("order-1"), 2u);
  EXPECT_EQ(*store_->head_position(), 2u);
}

TEST_P(Conformance, AppendWithStaleVersionReturnsConflictWithActualVersion) {
  ASSERT_TRUE(store_->append("s", ExpectedVersion::no_stream(), events(3)).has_value());
  auto stale = store_->append("s", ExpectedVersion::exact(1), events(1));
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code(), Errc::kConflict);
  EXPECT_EQ(avx::events::actual_version(stale.error()), 3u);
  EXPECT_NE(stale.error().message().find("is at version 3, expected version 1"), std::string::npos)
      << stale.error().message();
  EXPECT_EQ(*store_->stream_version("s"), 3u);
}

TEST_P(Conformance, ExpectedVersionKinds) {
  EXPECT_EQ(avx::events::actual_version(store_->append("s", ExpectedVersion::stream_exists(), events(1)).error()), 0u);
  EXPECT_TRUE(store_->append("s", ExpectedVersion::any(), events(1)).has_value());
  EXPECT_FALSE(store_->append("s", ExpectedVersion::no_stream(), events(1)).has_value());
  EXPECT_TRUE(store_->append("s", ExpectedVersion::stream_exists(), events(1)).has_value());
  EXPECT_TRUE(store_->append("s", ExpectedVersion::exact(2), events(1)).has_value());
  EXPECT_EQ(*store_->stream_version("s"), 3u);
}

TEST_P(Conformance, RejectedBatchStoresNothing) {
  ASSERT_TRUE(store_->append("a", ExpectedVersion::any(), events(2)).has_value());
  ASSERT_FALSE(store_->append("a", ExpectedVersion::exact(5), events(3)).has_value());
  EXPECT_EQ(*store_->head_position(), 2u);
  EXPECT_EQ(store_->read_all(1, 100)->size(), 2u);
}

TEST_P(Conformance, RetriedAppendIsIdempotent) {
  auto batch = events(3);
  auto first = store_->append("s", ExpectedVersion::no_stream(), batch);
  ASSERT_TRUE(first.has_value());
  auto again = store_->append("s", ExpectedVersion::no_stream(), batch);
  ASSERT_TRUE(again.has_value()) << again.error().message();
  EXPECT_EQ(again->version, first->version);
  EXPECT_EQ(again->last_position, first->last_position);
  auto any = store_->append("s", ExpectedVersion::any(), batch);
  ASSERT_TRUE(any.has_value());
  EXPECT_EQ(*store_->head_position(), 3u);  // nothing written twice
}

TEST_P(Conformance, KnownIdsElsewhereAreAConflict) {
  auto batch = events(2);
  ASSERT_TRUE(store_->append("a", ExpectedVersion::any(), batch).has_value());
  auto other_stream = store_->append("b", ExpectedVersion::any(), batch);
  ASSERT_FALSE(other_stream.has_value());
  EXPECT_EQ(other_stream.error().code(), Errc::kConflict);
  EXPECT_EQ(avx::events::actual_version(other_stream.error()), std::nullopt);  // not a version conflict
  std::vector<EventData> partial = {batch[1], event()};
  EXPECT_FALSE(store_->append("a", ExpectedVersion::any(), partial).has_value());
  std::vector<EventData> mixed = {event(), batch[0]};
  EXPECT_FALSE(store_->append("a", ExpectedVersion::any(), mixed).has_value());
  EXPECT_EQ(*store_->head_position(), 2u);
}

// The error names the event whose id is stored elsewhere, not the batch's first event.
TEST_P(Conformance, AnIdStoredElsewhereIsNamedByItsPlaceInTheBatch) {
  auto stored = events(1);
  ASSERT_TRUE(store_->append("b", ExpectedVersion::any(), stored).has_value());
  std::vector<EventData> batch = {event(), stored[0]};
  auto result = store_->append("a", ExpectedVersion::any(), batch);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), Errc::kConflict);
  const std::string& message = result.error().message();
  EXPECT_NE(message.find("event 1 of the batch"), std::string::npos) << message;
  EXPECT_NE(message.find(stored[0].event_id.to_string()), std::string::npos) << message;
  EXPECT_EQ(message.find(batch[0].event_id.to_string()), std::string::npos) << message;
  EXPECT_NE(message.find("stream 'b'"), std::string::npos) << message;
  EXPECT_EQ(*store_->head_position(), 1u);
}

TEST_P(Conformance, APayloadAboveTheLimitIsRefusedBeforeAnythingIsWritten) {
  auto batch = events(2);
  batch[1].payload.assign(avx::events::kDefaultMaxPayloadBytes + 1, 'x');
  auto result = store_->append("a", ExpectedVersion::any(), batch);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), Errc::kInvalidArgument);
  EXPECT_NE(result.error().message().find("event 1 of the batch"), std::string::npos) << result.error().message();
  EXPECT_NE(result.error().message().find("limit"), std::string::npos);
  EXPECT_EQ(*store_->head_position(), 0u);
  batch[1].payload.resize(avx::events::kDefaultMaxPayloadBytes);  // the limit itself is fine
  EXPECT_TRUE(store_->append("a", ExpectedVersion::any(), batch).has_value());
  avx::events::Snapshot snapshot;
  snapshot.stream = "a";
  snapshot.version = 2;
  snapshot.type = "test.State";
  snapshot.payload.assign(avx::events::kDefaultMaxPayloadBytes + 1, 's');
  auto saved = store_->save_snapshot(snapshot);
  ASSERT_FALSE(saved.has_value());
  EXPECT_EQ(saved.error().code(), Errc::kInvalidArgument);
}

// A commit listener may remove itself and add another while it is being called.
TEST_P(Conformance, ACommitListenerMayRemoveItselfAndAddAnother) {
  avx::testing::within(std::chrono::seconds(60), "a commit listener changes the listeners", [&] {
    std::uint64_t first_id = 0, second_id = 0;
    int first_calls = 0, second_calls = 0;
    first_id = store_->add_commit_listener([&](const std::vector<avx::events::RecordedEvent>&) {
      ++first_calls;
      store_->remove_commit_listener(first_id);
      second_id = store_->add_commit_listener([&](const auto&) { ++second_calls; });
    });
    ASSERT_TRUE(store_->append("a", ExpectedVersion::any(), events(1)).has_value());
    ASSERT_TRUE(store_->append("a", ExpectedVersion::any(), events(1)).has_value());
    EXPECT_EQ(first_calls, 1);
    EXPECT_EQ(second_calls, 1);
    store_->remove_commit_listener(second_id);
  });
}

TEST_P(Conformance, InvalidInputIsRejected) {
  EXPECT_EQ(store_->append("", ExpectedVersion::any(), events(1)).error().code(), Errc::kInvalidArgument);
  EXPECT_FALSE(store_->append("has space", ExpectedVersion::any(), events(1)).has_value());
  EXPECT_FALSE(store_->append(std::string(257, 'x'), ExpectedVersion::any(), events(1)).has_value());
  EXPECT_FALSE(store_->append(std::string("nul\0", 4), ExpectedVersion::any(), events(1)).has_value());
  auto nil_id = events(1);
  nil_id[0].event_id = EventId();
  EXPECT_FALSE(store_->append("s", ExpectedVersion::any(), nil_id).has_value());
  auto duplicate = events(1);
  duplicate.push_back(duplicate[0]);
  EXPECT_FALSE(store_->append("s", ExpectedVersion::any(), duplicate).has_value());
  EXPECT_FALSE(store_->read_stream("bad name", 1, 10).has_value());
  EXPECT_EQ(*store_->head_position(), 0u);
}

TEST_P(Conformance, EmptyAppendChecksTheVersionAndWritesNothing) {
  auto r = store_->append("s", ExpectedVersion::no_stream(), {});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->version, 0u);
  EXPECT_EQ(*store_->stream_version("s"), 0u);
  EXPECT_FALSE(store_->append("s", ExpectedVersion::stream_exists(), {}).has_value());
}

TEST_P(Conformance, EverythingStoredIsReadBack) {
  EventData e = event("shop.orders.OrderPlaced", std::string("\0\1binary\xff", 9));
  e.schema_version = 2;
  e.timestamp = avx::events::Timestamp(std::chrono::nanoseconds(1700000000123456789));
  e.correlation_id = "corr";
  e.causation_id = "cause";
  ASSERT_TRUE(store_->append("order-9", ExpectedVersion::no_stream(), std::vector<EventData>{e}).has_value());
  auto read = store_->read_stream("order-9", 1, 10);
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->size(), 1u);
  const auto& r = (*read)[0];
  EXPECT_EQ(r.stream, "order-9");
  EXPECT_EQ(r.version, 1u);
  EXPECT_EQ(r.position, 1u);
  EXPECT_EQ(r.event_id, e.event_id);
  EXPECT_EQ(r.type, e.type);
  EXPECT_EQ(r.schema_version, 2u);
  EXPECT_EQ(r.timestamp, e.timestamp);
  EXPECT_EQ(r.correlation_id, "corr");
  EXPECT_EQ(r.causation_id, "cause");
  EXPECT_EQ(r.origin, avx::events::Origin{});
  EXPECT_EQ(r.payload, e.payload);
  auto empty_payload = event("t", "");
  ASSERT_TRUE(store_->append("x", ExpectedVersion::any(), std::vector<EventData>{empty_payload}).has_value());
  EXPECT_EQ((*store_->read_stream("x", 1, 1))[0].payload, "");
}

TEST_P(Conformance, TheOriginIsStoredAndReadBackAsWritten) {
  EventData e = event();
  e.origin.user_id = "user-7 \u00e9t\u00e9";
  e.origin.source = "orders-service";
  e.origin.headers = {{"tenant", "acme"}, {"trace.id", "4bf92f3577b34da6"}, {"Case.Kept", "x"}, {"quote", "a\"b\\c"}};
  ASSERT_TRUE(store_->append("s", ExpectedVersion::no_stream(), std::vector<EventData>{e, event()}).has_value());
  auto read = store_->read_stream("s", 1, 10);
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[0].origin, e.origin);
  EXPECT_EQ((*read)[1].origin, avx::events::Origin{});  // the next event's page slot holds none of it
  EXPECT_EQ((*store_->read_all(1, 1))[0].origin, e.origin);
}

TEST_P(Conformance, AnOriginNoTransportCouldCarryIsRefusedBeforeAnythingIsWritten) {
  using Spoil = void (*)(EventData&);
  for (Spoil bad : std::initializer_list<Spoil>{
           [](EventData& e) { e.origin.headers["has space"] = "v"; },
           [](EventData& e) { e.origin.headers[""] = "v"; },
           [](EventData& e) { e.origin.headers["k"] = ""; },
           [](EventData& e) { e.origin.headers["k"] = "line\r\nbreak"; },
           [](EventData& e) { e.origin.user_id = std::string("\xff\xfe", 2); },
           [](EventData& e) { e.origin.source = std::string(avx::events::kMaxOriginValue + 1, 's'); }}) {
    auto batch = events(2);
    bad(batch[1]);
    auto r = store_->append("s", ExpectedVersion::any(), batch);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code(), Errc::kInvalidArgument);
    EXPECT_NE(r.error().message().find("event 1 of the batch"), std::string::npos) << r.error().message();
  }
  EXPECT_EQ(*store_->head_position(), 0u);
}

// The type and the correlation and causation ids reach logs, transport headers and every store's
// text columns: the same rule as the origin's values, on every backend (PostgreSQL's text refuses
// invalid UTF-8 and NUL, SQLite's would keep them; neither may decide alone).
TEST_P(Conformance, MetadataTextNoStoreCouldKeepIsRefusedBeforeAnythingIsWritten) {
  using Spoil = void (*)(EventData&);
  const std::pair<Spoil, const char*> spoilers[] = {
      {[](EventData& e) { e.correlation_id = std::string("\xff\xfe", 2); }, "correlation id"},
      {[](EventData& e) { e.correlation_id = std::string("a\0b", 3); }, "correlation id"},
      {[](EventData& e) { e.causation_id = "line\nbreak"; }, "causation id"},
      {[](EventData& e) { e.causation_id = std::string(avx::events::kMaxOriginValue + 1, 'c'); }, "causation id"},
      {[](EventData& e) { e.type = std::string("t\xc3", 2); }, "type"}};
  for (const auto& [bad, field] : spoilers) {
    auto batch = events(2);
    bad(batch[1]);
    auto r = store_->append("s", ExpectedVersion::any(), batch);
    ASSERT_FALSE(r.has_value()) << field;
    EXPECT_EQ(r.error().code(), Errc::kInvalidArgument) << r.error().message();
    EXPECT_NE(r.error().message().find("event 1 of the batch"), std::string::npos) << r.error().message();
    EXPECT_NE(r.error().message().find(field), std::string::npos) << r.error().message();
  }
  EXPECT_EQ(*store_->head_position(), 0u);
  auto fine = events(1);
  fine[0].correlation_id = "req-\u00e9t\u00e9-42";  // any printable UTF-8
  EXPECT_TRUE(store_->append("s", ExpectedVersion::any(), fine).has_value());
}

TEST_P(Conformance, MissingTimestampIsStampedAtAppend) {
  auto before = avx::events::now();
  ASSERT_TRUE(store_->append("s", ExpectedVersion::any(), events(1)).has_value());
  EXPECT_GE((*store_->read_stream("s", 1, 1))[0].timestamp, before);
}

TEST_P(Conformance, ReadStreamForwardAndBackwardInPages) {
  ASSERT_TRUE(store_->append("s", ExpectedVersion::any(), events(5)).has_value());
  ASSERT_TRUE(store_->append("other", ExpectedVersion::any(), events(2)).has_value());
  auto page = store_->read_stream("s", 2, 2);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].version, 2u);
  EXPECT_EQ((*page)[1].version, 3u);
  auto back = store_->read_stream("s", 0, 2, Direction::kBackward);
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].version, 5u);
  EXPECT_EQ((*back)[1].version, 4u);
  auto back_from = store_->read_stream("s", 2, 10, Direction::kBackward);
  ASSERT_EQ(back_from->size(), 2u);
  EXPECT_EQ((*back_from)[1].version, 1u);
  EXPECT_TRUE(store_->read_stream("s", 6, 10)->empty());
  EXPECT_TRUE(store_->read_stream("absent", 1, 10)->empty());
}

TEST_P(Conformance, ReadAllFollowsCommitOrderAcrossStreams) {
  ASSERT_TRUE(store_->append("a", ExpectedVersion::any(), events(2)).has_value());
  ASSERT_TRUE(store_->append("b", ExpectedVersion::any(), events(1)).has_value());
  ASSERT_TRUE(store_->append("a", ExpectedVersion::any(), events(1)).has_value());
  auto all = store_->read_all(1, 100);
  ASSERT_EQ(all->size(), 4u);
  std::vector<std::string> streams;
  for (std::size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*all)[i].position, i + 1);
    streams.push_back((*all)[i].stream);
  }
  EXPECT_EQ(streams, (std::vector<std::string>{"a", "a", "b", "a"}));
  auto page = store_->read_all(3, 1);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].position, 3u);
}

// A page read into again must hold exactly the new events: no field of a longer earlier event left.
TEST_P(Conformance, AReusedPageHoldsOnlyTheNewRead) {
  std::vector<EventData> rich = events(3);
  for (auto& e : rich) {
    e.correlation_id = "correlation-with-a-long-text";
    e.causation_id = "causation-with-a-long-text";
    e.origin = {"a-user", "a-service", {{"key", "value"}}};
    e.payload = std::string(200, 'x');
  }
  ASSERT_TRUE(store_->append("a-rather-long-stream-name", ExpectedVersion::any(), rich).has_value());
  std::vector<EventData> plain{event("t", ""), event("t", "")};
  ASSERT_TRUE(store_->append("b", ExpectedVersion::any(), plain).has_value());

  EventPage page;
  ASSERT_TRUE(store_->read_all_into(1, 10, page).has_value());
  ASSERT_EQ(page.size(), 5u);
  ASSERT_TRUE(store_->read_stream_into("b", 1, 10, Direction::kForward, page).has_value());
  ASSERT_EQ(page.size(), 2u);
  auto expected = *store_->read_stream("b", 1, 10);
  EXPECT_EQ(std::vector(page.begin(), page.end()), expected);
  EXPECT_EQ(page[0].payload, "");
  EXPECT_EQ(page[0].correlation_id, "");
  EXPECT_TRUE(page[0].origin.empty());

  ASSERT_FALSE(store_->read_stream_into("bad name", 1, 10, Direction::kForward, page).has_value());
  EXPECT_TRUE(page.empty());
}

TEST_P(Conformance, CursorPagesThroughEverythingAndSeesLaterAppends) {
  ASSERT_TRUE(store_->append("a", ExpectedVersion::any(), events(4)).has_value());
  ASSERT_TRUE(store_->append("b", ExpectedVersion::any(), events(3)).has_value());
  auto all = EventCursor::all(*store_, 1, 3);
  std::vector<std::uint64_t> sizes, positions;
  do {
    ASSERT_TRUE(all.next().has_value());
    sizes.push_back(all.page().size());
    for (const auto& e : all.page()) positions.push_back(e.position);
  } while (!all.caught_up());
  EXPECT_EQ(sizes, (std::vector<std::uint64_t>{3, 3, 1}));
  EXPECT_EQ(positions, (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(all.next_key(), 8u);

  ASSERT_TRUE(all.next().has_value());
  EXPECT_TRUE(all.page().empty());
  EXPECT_TRUE(all.caught_up());
  ASSERT_TRUE(store_->append("a", ExpectedVersion::any(), events(2)).has_value());
  ASSERT_TRUE(all.next().has_value());
  ASSERT_EQ(all.page().size(), 2u);
  EXPECT_EQ(all.page()[0].position, 8u);

  auto a = EventCursor::stream(*store_, "a", 4, 10);
  ASSERT_TRUE(a.next(1).has_value());
  ASSERT_EQ(a.page().size(), 1u);
  EXPECT_EQ(a.page()[0].version, 4u);
  EXPECT_FALSE(a.caught_up());  // asked for one, got one: there may be more
  ASSERT_TRUE(a.next().has_value());
  EXPECT_EQ(a.page().size(), 2u);
  EXPECT_TRUE(a.caught_up());
  a.seek(2);
  ASSERT_TRUE(a.next(1).has_value());
  EXPECT_EQ(a.page()[0].version, 2u);

  auto bad = EventCursor::stream(*store_, "no spaces allowed", 1);
  auto read = bad.next();
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().code(), Errc::kInvalidArgument);
}

TEST_P(Conformance, SnapshotsKeepTheLatestPerStream) {
  EXPECT_FALSE(store_->load_snapshot("s")->has_value());
  avx::events::Snapshot s{"s", 10, "t.State", 1, std::string("\0state", 6), {}};
  ASSERT_TRUE(store_->save_snapshot(s).has_value());
  avx::events::Snapshot older = s;
  older.version = 5;
  older.payload = "older";
  ASSERT_TRUE(store_->save_snapshot(older).has_value());  // ignored: older than the stored one
  auto loaded = store_->load_snapshot("s");
  ASSERT_TRUE(loaded.has_value() && loaded->has_value());
  EXPECT_EQ((*loaded)->version, 10u);
  EXPECT_EQ((*loaded)->payload, s.payload);
  avx::events::Snapshot newer = s;
  newer.version = 20;
  ASSERT_TRUE(store_->save_snapshot(newer).has_value());
  EXPECT_EQ((*store_->load_snapshot("s"))->version, 20u);
  EXPECT_FALSE(store_->save_snapshot({"bad name", 1, "t", 1, "", {}}).has_value());
}

TEST_P(Conformance, CheckpointsAreKeptByName) {
  EXPECT_EQ(*store_->load_checkpoint("relay"), 0u);  // never saved
  ASSERT_TRUE(store_->save_checkpoint("relay", 41));
  ASSERT_TRUE(store_->save_checkpoint("projection", 7));
  ASSERT_TRUE(store_->save_checkpoint("relay", 42));
  EXPECT_EQ(*store_->load_checkpoint("relay"), 42u);
  EXPECT_EQ(*store_->load_checkpoint("projection"), 7u);
  EXPECT_EQ(*store_->load_checkpoint("other"), 0u);
}

// N threads race to append to one stream with exact expected versions: exactly one wins each
// version, and nothing is lost or stored twice.
TEST_P(Conformance, ConcurrentExactAppendsOneWinnerPerVersion) {
  constexpr int kThreads = 8, kRounds = 40;
  std::atomic<int> wins{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < kRounds; ++round) {
        auto version = store_->stream_version("race");
        ASSERT_TRUE(version.has_value());
        auto r = store_->append("race", ExpectedVersion::exact(*version), events(1));
        if (r) {
          wins.fetch_add(1);
        } else {
          ASSERT_EQ(r.error().code(), Errc::kConflict);
          conflicts.fetch_add(1);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins + conflicts, kThreads * kRounds);
  auto stored = store_->read_stream("race", 1, 100000);
  ASSERT_EQ(stored->size(), static_cast<std::size_t>(wins.load()));
  std::set<EventId> ids;
  for (std::size_t i = 0; i < stored->size(); ++i) {
    EXPECT_EQ((*stored)[i].version, i + 1);
    ids.insert((*stored)[i].event_id);
  }
  EXPECT_EQ(ids.size(), stored->size());
}

// Many threads appending to their own streams: every append stored, positions contiguous.
// Appends that fail (a stale version, an id stored elsewhere) among good ones committed in the same
// group commit: each fails alone, and the others are stored whole.
TEST_P(Conformance, FailingAppendsInAGroupCommitFailAlone) {
  auto taken = events(1);
  ASSERT_TRUE(store_->append("owner", ExpectedVersion::any(), taken).has_value());
  constexpr int kRounds = 40, kThreads = 6;
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        std::string stream = "s-" + std::to_string(t);
        if (t % 3 == 1) {  // a stale expectation: this stream never exists
          auto r = store_->append(stream, ExpectedVersion::exact(5), events(2));
          ASSERT_FALSE(r.has_value());
          ASSERT_EQ(r.error().code(), Errc::kConflict);
        } else if (t % 3 == 2) {  // a batch whose second id is stored in another stream
          std::vector<EventData> batch = {event(), taken[0]};
          auto r = store_->append(stream, ExpectedVersion::any(), batch);
          ASSERT_FALSE(r.has_value());
          ASSERT_EQ(r.error().code(), Errc::kConflict);
        } else {
          auto r = store_->append(stream, ExpectedVersion::exact(2 * i), events(2));
          ASSERT_TRUE(r.has_value()) << r.error().message();
          good.fetch_add(2);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(*store_->head_position(), 1u + good.load());
  for (int t = 0; t < kThreads; ++t) {
    auto version = store_->stream_version("s-" + std::to_string(t));
    ASSERT_TRUE(version.has_value());
    EXPECT_EQ(*version, t % 3 == 0 ? 2u * kRounds : 0u) << t;
  }
}

TEST_P(Conformance, ConcurrentAppendsToManyStreamsLoseNothing) {
  constexpr int kThreads = 8, kAppends = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAppends; ++i) {
        auto r = store_->append("stream-" + std::to_string(t), ExpectedVersion::exact(2 * i), events(2));
        ASSERT_TRUE(r.has_value()) << r.error().message();
      }
    });
  }
  for (auto& t : threads) t.join();
  auto all = store_->read_all(1, 100000);
  ASSERT_EQ(all->size(), static_cast<std::size_t>(kThreads * kAppends * 2));
  for (std::size_t i = 0; i < all->size(); ++i) ASSERT_EQ((*all)[i].position, i + 1);
}

}  // namespace
