#pragma once

// The event bus across processes, over NATS JetStream. docs/distributed.md has the guarantees and
// compiled examples (tests/docs/nats_snippets_test.cc).
//
// Publishing: a generated event goes to JetStream on the subject equal to its topic; headers carry
// the envelope (Nats-Msg-Id = the event id, so the stream drops a retried duplicate inside its
// duplicate window); the payload is the Cap'n Proto bytes. publish returns only after the stream
// acknowledged the event, retrying with the same id until the deadline: never a silent loss.
// publish_async returns once the event is sent (at most Options::async_window unacknowledged at a
// time); flush returns once the stream acknowledged every one of them, resending what failed or
// went unanswered with the same id until the deadline, and names what was lost.
//
// Consuming: pull consumers with explicit acks. A handler that succeeds acks; one that fails or
// throws NAKs with the retry policy's delay and sees the delivery again with a higher attempt.
// With dead letters, an event out of attempts is parked there; messages that are not events of
// ours, or do not decode, never reach a handler (parked when there are dead letters, terminated
// either way).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "avx/events/codec.h"
#include "avx/events/dlq/dead_letter.h"
#include "avx/events/dlq/retry_policy.h"
#include "avx/events/envelope.h"
#include "avx/events/result.h"
#include "avx/events/transports/consume.h"
#include "avx/events/type_registry.h"

namespace avx::events::nats {

// What happened to the connection, as nats.c reports it (on its callback thread).
struct ConnectionEvent {
  enum class Kind { kDisconnected, kReconnected, kClosed, kError };
  Kind kind;
  std::string url;     // the server's
  std::string detail;  // the client's last error, or the server's words (e.g. a permissions violation)
};
const char* to_string(ConnectionEvent::Kind kind);

struct Options {
  std::string url;  // empty: $AVX_NATS_URL, else nats://127.0.0.1:4222 (user:password@ in it works too)

  // Security. TLS is on with a tls:// URL or any of these files (each empty: $AVX_NATS_TLS_CA,
  // $AVX_NATS_TLS_CERT, $AVX_NATS_TLS_KEY): the CA that signed the server's certificate, and this
  // client's certificate and key when the server verifies clients.
  std::string tls_ca, tls_cert, tls_key;
  // At most one way to say who we are (besides the URL): user and password, a token, or a NATS
  // credentials file (JWT and NKey seed; empty: $AVX_NATS_CREDS).
  std::string user, password;
  std::string token;
  std::string creds_file;

  // Called on disconnect, reconnect, close and asynchronous errors (such as a permissions
  // violation), from the client's callback thread; keep it short. Empty: one line on stderr
  // (except for the disconnect and close of the transport's own shutdown).
  std::function<void(const ConnectionEvent&)> on_event;

  std::string stream = "AVX_EVENTS";
  std::chrono::milliseconds publish_deadline{10000};  // retries of one publish stop here
  std::chrono::milliseconds publish_attempt{2000};    // one attempt's wait for the stream's ack
  std::chrono::seconds duplicate_window{120};         // the stream's: resends inside it are dropped
  std::chrono::seconds max_age{0};  // the stream's: older events are removed (0: kept); caps the window
  std::chrono::milliseconds connect_timeout{2000};
  // Async publishes in flight (sent, not yet acknowledged) at most; publish_async waits for room.
  std::int64_t async_window = 4096;
  // 0: events go out on their topic, and a group's members take them in any order. N > 0: each
  // event goes to one of N partitions by its aggregate id (else its event id), and each partition
  // of a group is handled one event at a time, so one aggregate's events are handled in order
  // while different aggregates spread over the members. Every service on a stream uses the same N.
  std::uint32_t partitions = 0;
};

struct PublishAck {
  std::uint64_t sequence = 0;  // the event's place in the stream
  bool duplicate = false;      // the stream already had this event id: nothing new was stored
};

// What a handler knows about a delivery (attempt: more after NAKs or an expired ack wait), the
// counts a subscription keeps, the raw handler: the same on every transport.
using transports::ConsumeStats;
using transports::Delivery;
using transports::RawHandler;

struct ConsumeOptions {
  // Members subscribing with the same group share the events: each is handled by one of them. The
  // group is a durable consumer, so it resumes where it stopped. Empty: this subscriber alone,
  // from the start of the stream, forgotten when it stops.
  std::string group;
  // The subscription's name in the dead letters (`avx-events dlq --subscription`); empty: the
  // group, else the pattern.
  std::string name;
  std::chrono::milliseconds ack_wait{30000};  // unacked this long: delivered again
  // A failed delivery is NAK'ed with retry.backoff(attempt). With dead_letters, the event is parked
  // there after retry.max_attempts deliveries (and so is a message that cannot be read), then
  // terminated; `avx-events dlq replay` hands it to this subscription's handler again. Without,
  // failures are retried for as long as they fail, and unreadable messages are terminated.
  RetryPolicy retry;
  DeadLetterStore* dead_letters = nullptr;  // outlives the subscription
};

// An error that carries this detail key is final for the message (it is terminated and counted as
// rejected, not redelivered): what Transport::subscribe returns for bytes that do not decode.
using transports::kRejectDetail;

// How far a consumer group is behind, summed over its consumers (one per subject and partition).
struct GroupLag {
  std::string group;
  std::size_t consumers = 0;
  std::uint64_t pending = 0;      // in the stream, not yet delivered to the group
  std::uint64_t ack_pending = 0;  // delivered, not yet acknowledged
  std::uint64_t redelivered = 0;  // delivered more than once and not yet acknowledged
};

class Consumer;

// An event from NATS as a stored event looks: its stream is the topic (a dead letter keeps the
// order of its subject), its position the stream sequence. And back, for replaying a letter.
using transports::from_recorded;
using transports::to_recorded;

// Stops consuming when destroyed (or on stop()); in-flight handler calls finish first. It keeps
// the connection it consumes from open, also after its Transport is gone.
class Subscription {
 public:
  Subscription() = default;
  explicit Subscription(std::shared_ptr<Consumer> consumer);
  Subscription(Subscription&&) noexcept;
  Subscription& operator=(Subscription&&) noexcept;
  ~Subscription();

  void stop();
  ConsumeStats stats() const;

 private:
  std::shared_ptr<Consumer> consumer_;
};

class Transport {
 public:
  // Connects, retrying until options.connect_timeout; the error names the URL. While connected,
  // a lost server is reconnected to forever, the client buffering what is published meanwhile.
  static Result<std::unique_ptr<Transport>> connect(Options options = {});
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  const std::string& url() const;
  // Whether the client is connected to a server now (not while it reconnects): what a readiness
  // check asks.
  bool connected() const;

  // Creates the stream (file storage, the duplicate window and max age of the options) over the
  // subjects of these topic patterns, or adds them to it (setting the window and age again).
  // Idempotent.
  Status ensure_stream(const std::vector<std::string>& patterns);

  Result<PublishAck> publish_raw(const RawEnvelope& envelope);

  // Sends the event and returns without its acknowledgement; fails only when the event is invalid
  // or cannot be sent before the publish deadline (the window stayed full, or the client's
  // reconnect buffer did). Whether it was stored, flush() says.
  Status publish_async_raw(const RawEnvelope& envelope);

  template <Event T>
  Status publish_async(const T& event, Metadata metadata = {}) {
    return publish_async_raw(transports::envelope_of(event, std::move(metadata)));
  }

  // Waits until the stream acknowledged every async publish so far, resending those that failed
  // or went unanswered (same id: the stream drops what it already has) until each one's publish
  // deadline. An error counts the events that were not stored and names the first few ids. Calls
  // from several threads take turns, and each loss is reported to one of them. The destructor
  // flushes too, but cannot tell you: flush before letting a Transport go.
  Status flush();

  // The lag of every consumer group on the stream (or of `group` only), by group name.
  Result<std::vector<GroupLag>> lag(std::string_view group = {});

  template <Event T>
  Result<PublishAck> publish(const T& event, Metadata metadata = {}) {
    return publish_raw(transports::envelope_of(event, std::move(metadata)));
  }

  // Fails on an invalid pattern, or when the server refuses the consumer.
  Result<Subscription> subscribe_raw(std::string_view pattern, RawHandler handler, ConsumeOptions options = {});

  // Events of type T on topics matching `pattern`, read through `registry` (which must outlive the
  // subscription): a message written under an older schema version is upcast as a stored event
  // is. The handler returns Status (or void: it failed when it throws).
  template <Event T, class F>
  Result<Subscription> subscribe(std::string_view pattern, const TypeRegistry& registry, F handler,
                                 ConsumeOptions options = {}) {
    return subscribe_raw(pattern, transports::typed_handler<T>(registry, std::move(handler)), std::move(options));
  }

 // The client's handles, opaque outside the transport's own sources (request/reply uses them).
  struct Connection;
  const std::shared_ptr<Connection>& connection() const { return connection_; }

 private:
  explicit Transport(std::shared_ptr<Connection> connection);

  std::shared_ptr<Connection> connection_;  // shared with the subscriptions, which may outlive this
};

}  // namespace avx::events::nats
