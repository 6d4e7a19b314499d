#pragma once

// The event bus across processes, over Redis Streams. docs/distributed.md compares it with the
// NATS transport.
//
// Publishing: a generated event is appended (XADD) to the stream of its topic, key
// `<key_prefix>t:<topic>`, as fields carrying the envelope (id, type, schema version, timestamp,
// correlation and causation ids, aggregate, origin) and the Cap'n Proto payload; the topic is
// recorded in the set `<key_prefix>topics`, which subscribers read to find the streams their
// pattern matches. publish returns once Redis stored the entry, retrying a lost connection until
// the deadline. Redis keeps no message ids, so a publish retried after a connection was lost at
// the wrong moment can store the event twice: delivery is at least once, and handlers that must
// not see an event twice check its id (as with any at-least-once broker).
//
// Consuming: a subscriber reads (XREAD) every stream whose topic matches its pattern, from the
// stream's start, and picks up streams of new matching topics while it runs. A handler that fails
// is retried with the retry policy's backoff; with dead letters, an event out of attempts is
// parked there, and so is an entry that is not an event of ours or does not decode (which never
// reaches a handler).

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "avx/events/codec.h"
#include "avx/events/dlq/dead_letter.h"
#include "avx/events/dlq/retry_policy.h"
#include "avx/events/envelope.h"
#include "avx/events/result.h"
#include "avx/events/transports/consume.h"
#include "avx/events/type_registry.h"

namespace avx::events::redis {

using transports::ConsumeStats;
using transports::Delivery;
using transports::RawHandler;

struct Options {
  // redis://[[user]:password@]host[:port][/db] or unix:///path[?db=N]; empty: $AVX_REDIS_URL,
  // else redis://127.0.0.1:6379.
  std::string url;
  std::string key_prefix = "avx:";  // every key this transport touches starts with it
  // Each stream keeps about this many entries (XADD MAXLEN ~): older ones go. 0: all are kept.
  std::uint64_t max_len = 0;
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds publish_deadline{10000};  // retries of one publish stop here
  // Async publishes sent and not yet acknowledged, at most; then publish_async reads replies.
  std::size_t async_window = 4096;
};

struct PublishAck {
  std::string entry_id;  // the stream entry's id, "<ms>-<seq>"
};

struct ConsumeOptions {
  // Members subscribing with the same group share the events: each entry goes to one of them,
  // which acknowledges it (XACK) once handled. The group lives in Redis (a consumer group on each
  // matching topic's stream, made at its start), so it resumes where it stopped. Empty: this
  // subscriber alone, from the start of each stream, its position kept in memory.
  std::string group;
  // The member's name in its group (empty: host, process and a counter). A member restarted under
  // the same name takes back the entries it had taken and not acknowledged.
  std::string member;
  // An entry a member took and has not acknowledged for this long (the member died) is claimed by
  // another member. While a handler works on an entry, its member renews the claim every third of
  // this, so a slow handler keeps its entry.
  std::chrono::milliseconds ack_wait{30000};
  // The subscription's name in the dead letters (`avx-events dlq --subscription`); empty: the
  // group, else the pattern.
  std::string name;
  // A failed delivery is tried again after retry.backoff(attempt): in a group, the entry stays
  // pending (unacknowledged) and is claimed again when due, while later entries go on; alone, it is
  // retried in place. With dead_letters, the event is parked there after retry.max_attempts
  // deliveries (and so is an entry that cannot be read); `avx-events dlq replay` hands it to this
  // subscription's handler again. Without, failures are retried for as long as they fail, and
  // unreadable entries are passed over (counted as rejected).
  RetryPolicy retry;
  DeadLetterStore* dead_letters = nullptr;  // outlives the subscription
  // How often the subscriber looks for streams of new topics that match its pattern.
  std::chrono::milliseconds discover_every{500};
};

class Consumer;

// Stops consuming when destroyed (or on stop()); a handler call in progress finishes first.
class Subscription {
 public:
  Subscription() = default;
  explicit Subscription(std::unique_ptr<Consumer> consumer);
  Subscription(Subscription&&) noexcept;
  Subscription& operator=(Subscription&&) noexcept;
  ~Subscription();

  void stop();
  ConsumeStats stats() const;

 private:
  std::unique_ptr<Consumer> consumer_;
};

class Publisher;

class Transport {
 public:
  // Connects within options.connect_timeout; the error names the URL (without its password).
  static Result<std::unique_ptr<Transport>> connect(Options options = {});
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  const std::string& url() const;  // without its password

  Result<PublishAck> publish_raw(const RawEnvelope& envelope);
  // Queues the event (sent in the background of the next ones, at most Options::async_window
  // unanswered) and returns; fails when the event is invalid, or when async_window events a lost
  // connection left unanswered could not be sent again before the publish deadline (the error
  // counts them). Whether it was stored, flush() says.
  Status publish_async_raw(const RawEnvelope& envelope);
  Status publish_async_raw(RawEnvelope&& envelope);  // the same, without copying the payload
  // Waits for Redis's answer to every async publish so far; those that failed (a lost connection)
  // are sent again until the publish deadline. An error counts the events not stored and names
  // the first few ids. The destructor flushes too, but cannot tell you.
  Status flush();

  template <Event T>
  Result<PublishAck> publish(const T& event, Metadata metadata = {}) {
    return publish_raw(transports::envelope_of(event, std::move(metadata)));
  }
  template <Event T>
  Status publish_async(const T& event, Metadata metadata = {}) {
    return publish_async_raw(transports::envelope_of(event, std::move(metadata)));
  }

  // Fails on an invalid pattern, or when Redis cannot be reached.
  Result<Subscription> subscribe_raw(std::string_view pattern, RawHandler handler, ConsumeOptions options = {});

  // Events of type T on topics matching `pattern`, read through `registry` (which must outlive the
  // subscription): an entry written under an older schema version is upcast as a stored event is.
  // The handler returns Status (or void: it failed when it throws).
  template <Event T, class F>
  Result<Subscription> subscribe(std::string_view pattern, const TypeRegistry& registry, F handler,
                                 ConsumeOptions options = {}) {
    return subscribe_raw(pattern, transports::typed_handler<T>(registry, std::move(handler)), std::move(options));
  }

  // Where the server is and connections for requests; opaque outside the transport's own sources
  // (request/reply uses it).
  struct Shared;
  const std::shared_ptr<Shared>& shared() const { return shared_; }

 private:
  explicit Transport(std::shared_ptr<Shared> shared);

  std::shared_ptr<Shared> shared_;  // shared with responders, which may outlive this
  std::unique_ptr<Publisher> publisher_;
};

}  // namespace avx::events::redis
