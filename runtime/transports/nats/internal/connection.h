#pragma once

// The client's handles behind a Transport, and what nats.c's connection callbacks report.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <nats/nats.h>

#include "avx/events/nats/transport.h"
#include "runtime/transports/nats/internal/async_publishes.h"

namespace avx::events::nats {

// A group's consumers say whose they are in their description (their durable names are made
// NATS-safe, so they cannot be read back).
inline const std::string kGroupDescription = "avx group ";

// Owned handles, destroyed in reverse order of creation. Shared by the Transport and everything
// that consumes or responds through it.
struct Transport::Connection {
  // Connects (retrying until options.connect_timeout) with the options' URL, TLS, identity and
  // callbacks, and makes the JetStream context.
  static Result<std::shared_ptr<Connection>> open(Options options);
  ~Connection();  // closes, and waits for the client's last callback before destroying

  // The server's latest permissions violation that names `subject`, if any (from the error
  // callback, or the connection's last error): how a publish, request or subscription the server
  // dropped becomes an error that says why.
  std::optional<std::string> denial(std::string_view subject) const;
  // Any permissions violation reported after `mark` (a value of denials() taken before a call).
  std::optional<std::string> denial_since(std::uint64_t mark) const;
  std::uint64_t denials() const;

  Options options;
  std::string url;
  natsOptions* nats_options = nullptr;
  natsConnection* connection = nullptr;
  jsCtx* js = nullptr;
  std::unique_ptr<internal::AsyncPublishes> async;  // the error handler's closure: outlives js

 private:
  static void on_disconnected(natsConnection* nc, void* closure);
  static void on_reconnected(natsConnection* nc, void* closure);
  static void on_closed(natsConnection* nc, void* closure);
  static void on_error(natsConnection* nc, natsSubscription* sub, natsStatus status, void* closure);
  natsStatus configure();
  void report(ConnectionEvent::Kind kind, std::string detail);

  mutable std::mutex mutex_;
  std::condition_variable closed_cv_;
  bool closing_ = false;  // we closed it: the default sink stays quiet about it
  bool closed_ = false;
  std::uint64_t denial_count_ = 0;
  std::deque<std::string> recent_denials_;  // the last few, newest at the back
};

// The message that carries `envelope` on its subject (its topic, or the topic's partition). The
// caller destroys it. Fails on an invalid topic or an event with no id (the stream dedupes on it).
Result<natsMsg*> message_for(const Transport::Connection& connection, const RawEnvelope& envelope);

}  // namespace avx::events::nats
