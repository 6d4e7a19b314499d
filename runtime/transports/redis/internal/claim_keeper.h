#pragma once

// While a group member's handler works on an entry, tells Redis every third of ack_wait that the
// member still holds it (XCLAIM ... JUSTID: the entry's idle time starts again, no delivery is
// counted), so that other members claim entries of members that died, not of members with a slow
// handler. On a connection and a thread of its own: the member's connection is busy with the
// handler's entry.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "runtime/transports/redis/internal/client.h"

namespace avx::events::redis::internal {

class ClaimKeeper {
 public:
  ClaimKeeper(std::unique_ptr<Client> client, std::string group, std::string member, std::chrono::milliseconds every);
  ~ClaimKeeper();
  ClaimKeeper(const ClaimKeeper&) = delete;
  ClaimKeeper& operator=(const ClaimKeeper&) = delete;

  void begin(const std::string& key, std::string_view entry_id);  // the handler starts on it
  void end();                                                     // the handler is done with it

 private:
  void run();

  std::unique_ptr<Client> client_;
  const std::string group_, member_;
  const std::chrono::milliseconds every_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<std::pair<std::string, std::string>> held_;  // stream key, entry id
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace avx::events::redis::internal
