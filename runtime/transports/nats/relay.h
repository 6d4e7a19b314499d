#pragma once

// Relay (outbox): publishes every event committed to an EventStore to NATS, in position order,
// from a checkpoint kept in the store, so that events written by aggregates reach other services
// exactly once in the stream, across crashes and restarts of the relay.
//
//   auto relay = nats::Relay::start(store, *transport, registry, {.name = "orders-relay"});
//
// Each event goes out on its type's topic (from the registry), with its event id as Nats-Msg-Id
// and its stream and version as the aggregate id and version. The checkpoint is saved after the
// stream acknowledged the events before it: every `checkpoint_every` events, and otherwise within
// `checkpoint_interval` of the last event relayed. After a crash the relay resends from its checkpoint: what the stream already has
// comes back as a duplicate and is not stored twice, as long as the restart falls within the
// stream's duplicate window (Options::duplicate_window). An event whose type no registered schema
// knows stops the relay with an error (stats().error), rather than skipping it.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "avx/events/catch_up.h"
#include "avx/events/nats/transport.h"
#include "avx/events/store.h"
#include "avx/events/type_registry.h"

namespace avx::events::nats {

struct RelayOptions {
  std::string name = "nats-relay";     // its checkpoint in the store
  std::size_t checkpoint_every = 100;  // events between checkpoints
  std::chrono::milliseconds checkpoint_interval{500};  // the longest an acknowledged event waits for one
};

struct RelayStats {
  std::uint64_t published = 0;   // stored in the stream by this relay
  std::uint64_t duplicates = 0;  // resent after a restart; the stream already had them
  std::uint64_t last = 0;        // position of the last event the stream acknowledged
  std::optional<Error> error;    // why the relay stopped, if it did
};

class Relay {
 public:
  // Starts after the checkpoint. The store, transport and registry must outlive the relay.
  static Result<std::unique_ptr<Relay>> start(EventStore& store, Transport& transport, const TypeRegistry& registry,
                                              RelayOptions options = {});
  ~Relay();  // stops, saving the checkpoint
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  void stop();
  RelayStats stats() const;

 private:
  Relay(EventStore& store, Transport& transport, const TypeRegistry& registry, RelayOptions options);
  void relay(const RecordedEvent& event);  // throws to stop the subscription
  void save_checkpoint();
  void save_periodically();  // the checkpoint thread

  EventStore& store_;
  Transport& transport_;
  const TypeRegistry& registry_;
  RelayOptions options_;
  std::unique_ptr<CatchUpSubscription> subscription_;
  mutable std::mutex mutex_;
  RelayStats stats_;
  std::uint64_t saved_ = 0;  // the checkpoint in the store
  std::mutex saving_;        // one save at a time, so the checkpoint never moves back
  bool stopping_ = false;
  std::condition_variable stop_;
  std::thread checkpointer_;
};

}  // namespace avx::events::nats
