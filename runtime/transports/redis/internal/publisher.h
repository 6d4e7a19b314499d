#pragma once

// The publishing side of a Transport: one connection, its topics' registration, and the async
// publishes whose replies are not read yet (pipelined: sent as they come, replies read as the
// window fills or on flush).

#include <cstddef>
#include <deque>
#include <chrono>
#include <memory>
#include <optional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "avx/events/redis/transport.h"
#include "runtime/transports/redis/internal/client.h"
#include "runtime/transports/redis/internal/entries.h"

namespace avx::events::redis {

class Publisher {
 public:
  Publisher(std::unique_ptr<internal::Client> client, const Options& options)
      : client_(std::move(client)), options_(options) {}

  Result<PublishAck> publish(const RawEnvelope& envelope);
  Status publish_async(RawEnvelope envelope);
  Status flush();

 private:
  // A command sent whose reply is not read yet: an XADD (with its event's id, for resending and
  // for naming what was lost) or a topic's registration.
  struct Pending {
    internal::Command command;
    EventId event_id;
    bool registration = false;
  };

  void queue(internal::Command command, const EventId& id, bool registration);
  // The topic in the registry set, once per topic (again after a lost connection): queued with
  // the async publishes, or now (until the deadline, default the publish deadline from now).
  internal::Command registration(const std::string& topic) const;
  void register_queued(const std::string& topic);
  Status register_now(const std::string& topic, std::optional<std::chrono::steady_clock::time_point> until = {});
  void read_replies(std::size_t keep);            // until at most `keep` are unread
  Result<internal::Reply> run_until_deadline(const internal::Command& command,
                                             std::optional<std::chrono::steady_clock::time_point> until = {});
  // Sends what a lost connection left unanswered again, each until the deadline; an error counts
  // the events not stored and names the first ids.
  Status resend_all();

  std::mutex mutex_;
  std::unique_ptr<internal::Client> client_;
  const Options& options_;
  std::set<std::string, std::less<>> registered_;
  std::deque<Pending> unread_;
  std::vector<Pending> to_resend_;  // sent when the connection was lost: fate unknown
};

}  // namespace avx::events::redis
