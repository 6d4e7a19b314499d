#pragma once

#include <string>

#include <nats/nats.h>

#include "avx/events/nats/transport.h"

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

  ~Connection() {
    jsCtx_Destroy(js);
    natsConnection_Destroy(connection);
    natsOptions_Destroy(nats_options);
  }
};

}  // namespace avx::events::nats
