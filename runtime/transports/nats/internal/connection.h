#pragma once

#include <memory>
#include <string>

#include <nats/nats.h>

#include "avx/events/nats/transport.h"
#include "runtime/transports/nats/internal/async_publishes.h"

namespace avx::events::nats {

// A group's consumers say whose they are in their description (their durable names are made
// NATS-safe, so they cannot be read back).
inline const std::string kGroupDescription = "avx group ";

// The client's handles, owned: destroyed in reverse order of creation.
struct Transport::Connection {
  Options options;
  std::string url;
  natsOptions* nats_options = nullptr;
  natsConnection* connection = nullptr;
  jsCtx* js = nullptr;
  std::unique_ptr<internal::AsyncPublishes> async;  // the error handler's closure: outlives js

  ~Connection() {
    jsCtx_Destroy(js);
    natsConnection_Destroy(connection);
    natsOptions_Destroy(nats_options);
  }
};

// The message that carries `envelope` on its subject (its topic, or the topic's partition). The
// caller destroys it. Fails on an invalid topic or an event with no id (the stream dedupes on it).
Result<natsMsg*> message_for(const Transport::Connection& connection, const RawEnvelope& envelope);

}  // namespace avx::events::nats
