#pragma once

// One subscription's pull consumers (one per subject of its pattern's plan), each fetched by a
// thread of its own, which decodes the envelope, runs the handler and acks, NAKs or terminates.

#include <atomic>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <nats/nats.h>

#include "avx/events/dlq/dead_letter_guard.h"
#include "avx/events/nats/subjects.h"
#include "avx/events/nats/transport.h"
#include "runtime/transports/nats/internal/heartbeat.h"

namespace avx::events::nats {

class Consumer {
 public:
  Consumer(std::string pattern, SubjectPlan plan, std::uint32_t partitions, RawHandler handler,
           ConsumeOptions options);
  ~Consumer();

  // Creates the consumers on the server; then start() runs the fetch threads. The connection is
  // kept alive as long as this consumer.
  Status open(std::shared_ptr<Transport::Connection> connection);
  void start();
  void stop();
  ConsumeStats stats() const;

 private:
  struct Source {
    Feed feed;
    natsSubscription* subscription = nullptr;
    std::size_t slot = 0;  // its fetch thread's, in the heartbeat
  };
  void fetch_loop(const Source& source);
  void handle(natsMsg* message, const Source& source, std::mt19937_64& random);
  Status run_handler(const RawEnvelope& envelope, const Delivery& delivery);
  // Parks the event in the dead letters and terminates the message; NAKs it when the dead
  // letters cannot take it (nothing is lost).
  void park(natsMsg* message, const RecordedEvent& event, std::uint64_t attempts, std::string error);
  // Terminates what cannot be read, after parking it when there are dead letters.
  void reject(natsMsg* message, const RecordedEvent& event, std::string error);

  std::shared_ptr<Transport::Connection> connection_;  // destroyed last: it owns what the subscriptions use
  std::string pattern_;
  SubjectPlan plan_;
  std::vector<Feed> feeds_;
  RawHandler handler_;
  ConsumeOptions options_;
  std::string name_;                          // in the dead letters
  std::unique_ptr<DeadLetterGuard> replays_;  // hands replayed letters to the handler
  std::vector<Source> sources_;
  std::unique_ptr<internal::Heartbeat> heartbeat_;  // for slow handlers, one slot per source
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> handled_{0}, failed_{0}, rejected_{0}, filtered_{0}, dead_lettered_{0};
};

}  // namespace avx::events::nats
