#pragma once

// What a Transport shares with its request/reply side: where the server is, the options, and
// idle connections for requests (each waits for its reply on a connection of its own).

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "avx/events/redis/transport.h"
#include "runtime/transports/redis/internal/client.h"

namespace avx::events::redis {

struct Transport::Shared {
  Options options;  // url: as given (with its password)
  internal::Endpoint endpoint;

  // A connection from the idle ones, or a new one.
  Result<std::unique_ptr<internal::Client>> take();
  // Kept for the next request when it is still connected (a few at most).
  void give_back(std::unique_ptr<internal::Client> client);

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<internal::Client>> idle_;
};

}  // namespace avx::events::redis
