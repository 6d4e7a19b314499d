#pragma once

// How a subscriber receives events: inside publish (the default), or later on an Asio executor
// through an ordered, bounded queue of its own; and the options every bus takes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <asio/any_io_executor.hpp>

#include "avx/events/envelope.h"

namespace avx::events {

// What publish does when an asynchronous subscriber's queue is full.
enum class OverflowPolicy {
  kBlock,       // wait for room (never use when the publisher runs on the subscriber's executor)
  kDropOldest,  // drop the oldest queued event and count it in stats().dropped
  kFail,        // reject this event for this subscriber; publish reports it as rejected
};

struct AsyncDelivery {
  asio::any_io_executor executor;
  std::size_t capacity = 4096;
  OverflowPolicy when_full = OverflowPolicy::kBlock;
};

struct SubscribeOptions {
  std::optional<AsyncDelivery> async;  // nullopt: delivered synchronously inside publish
};

// How a bus (EventBus, TopicBus) stamps the events it publishes.
struct BusOptions {
  Clock clock = Clock::kCoarse;
  std::string source;  // stamped as metadata.origin.source when the publisher left it empty
};

struct PublishResult {
  std::size_t delivered = 0;  // subscribers that received (or queued) the event
  std::size_t rejected = 0;   // asynchronous subscribers whose full queue refused it (kFail)
};

// How many events of one type a bus published, subscribed or not (EventBus::published_counts).
struct PublishedCount {
  std::string_view event_type;  // the type's kType
  std::uint64_t count = 0;
};

}  // namespace avx::events
