#pragma once

// Given events, when a command, then events (or an error): an aggregate's rules tested through
// the same path production takes (generated route(), the Repository, an in-memory store), for any
// generated aggregate and command handler.
//
//   avx::events::testing::AggregateScenario<Order> order("o-1");
//   PlaceOrderHandling place;
//   order.handles(place)
//       .given()
//       .when(PlaceOrder{"o-1", "ada", 4200})
//       .then_events(OrderPlaced{"o-1", "ada", 4200});
//   order.when(PlaceOrder{"o-1", "ada", 4200}).then_error(Errc::kAlreadyExists);
//
// Failures are reported with gtest (ADD_FAILURE), with both events as JSON when they differ.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <avx/events.h>

#include "avx/events/testing/recording_bus.h"

namespace avx::events::testing {

template <class A>
class AggregateScenario {
 public:
  // The aggregate instance the scenario is about: commands must address this id.
  explicit AggregateScenario(std::string id)
      : id_(std::move(id)), store_(make_memory_store()), repository_(*store_, &bus_) {}

  // Routes the commands `handler` handles (your implementation of a generated XHandler) to this
  // aggregate. `handler` must outlive the scenario.
  template <class Handler>
  AggregateScenario& handles(Handler& handler) {
    Status routed = route(commands_, handler, repository_);  // the generated route() of its package
    if (!routed) ADD_FAILURE() << "cannot route the handler: " << routed.error().message();
    return *this;
  }

  // The aggregate's history: stored as if earlier commands had recorded them.
  template <Event... E>
  AggregateScenario& given(const E&... events) {
    std::vector<EventData> batch;
    (batch.push_back(event_data(events)), ...);
    if (!batch.empty()) {
      auto stored = store_->append(A::stream_name(id_), ExpectedVersion::any(), batch);
      if (!stored) ADD_FAILURE() << "cannot store the given events: " << stored.error().message();
    }
    seen_ = stream_version();
    return *this;
  }

  // Dispatches `command`; then_events and then_error look at what it did.
  template <class C>
  AggregateScenario& when(const C& command) {
    seen_ = stream_version();
    bus_.clear();
    auto result = commands_.dispatch(command);
    error_ = result ? std::nullopt : std::optional<Error>(result.error());
    return *this;
  }

  // The command succeeded and stored exactly these events, in this order.
  template <Event... E>
  const AggregateScenario& then_events(const E&... expected) const {
    if (error_) {
      ADD_FAILURE() << "the command failed: " << error_->message();
      return *this;
    }
    std::vector<RecordedEvent> stored = new_events();
    if (stored.size() != sizeof...(E)) {
      ADD_FAILURE() << "expected " << sizeof...(E) << " event(s), the command stored " << stored.size() << ":"
                    << list(stored);
      return *this;
    }
    std::size_t i = 0;
    (check(stored[i++], expected), ...);
    return *this;
  }

  // The command was refused with `code` (and, when given, a message containing `text`), and
  // stored nothing.
  const AggregateScenario& then_error(Errc code, std::string_view text = {}) const {
    if (!error_) {
      ADD_FAILURE() << "expected an error, the command succeeded and stored:" << list(new_events());
      return *this;
    }
    EXPECT_EQ(error_->code(), code) << error_->message();
    if (!text.empty()) {
      EXPECT_NE(error_->message().find(text), std::string::npos) << error_->message();
    }
    EXPECT_TRUE(new_events().empty()) << "a refused command stored:" << list(new_events());
    return *this;
  }

  RecordingBus& bus() { return bus_; }  // what the last command published, after its save
  EventStore& store() { return *store_; }
  Result<A> load() { return repository_.load(id_); }  // the aggregate as stored now

 private:
  template <Event E>
  static EventData event_data(const E& event) {
    EventData data;
    data.event_id = EventId::generate();
    data.type = std::string(E::kType);
    data.schema_version = E::kVersion;
    data.payload = encode(event);
    return data;
  }

  std::uint64_t stream_version() const {
    auto version = store_->stream_version(A::stream_name(id_));
    return version ? *version : 0;
  }

  std::vector<RecordedEvent> new_events() const {
    auto events = store_->read_stream(A::stream_name(id_), seen_ + 1, 1000);
    if (!events) {
      ADD_FAILURE() << "cannot read the stream: " << events.error().message();
      return {};
    }
    return std::move(*events);
  }

  static std::string list(const std::vector<RecordedEvent>& events) {
    std::string out;
    for (const auto& e : events) out += " " + e.type;
    return events.empty() ? " nothing" : out;
  }

  template <Event E>
  static void check(const RecordedEvent& got, const E& want) {
    if (got.type != E::kType) {
      ADD_FAILURE() << "event at version " << got.version << ": expected " << E::kType << ", got " << got.type;
      return;
    }
    auto decoded = decode<E>(got.payload);
    if (!decoded) {
      ADD_FAILURE() << "event at version " << got.version << " does not decode: " << decoded.error().message();
      return;
    }
    EXPECT_TRUE(*decoded == want) << "event at version " << got.version << " differs:\n  expected " << to_json(want)
                                  << "\n  stored   " << to_json(*decoded);
  }

  std::string id_;
  std::unique_ptr<EventStore> store_;
  RecordingBus bus_;
  Repository<A> repository_;
  CommandBus commands_;
  std::uint64_t seen_ = 0;
  std::optional<Error> error_;
};

}  // namespace avx::events::testing
