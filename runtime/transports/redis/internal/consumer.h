#pragma once

// A subscription's reader: a connection of its own and a thread that reads (XREAD) every stream
// whose topic matches the pattern, from its start, looking for new matching topics every
// ConsumeOptions::discover_every.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "avx/events/dlq/dead_letter_guard.h"
#include "avx/events/redis/transport.h"
#include "runtime/transports/redis/internal/claim_keeper.h"
#include "runtime/transports/redis/internal/client.h"

namespace avx::events::redis {
namespace internal {
inline constexpr const char* kBlockMs = "200";  // one read's wait: how soon stop() is noticed
inline constexpr std::chrono::milliseconds kBlock{200};
inline constexpr const char* kBatch = "256";    // entries per stream per read
inline constexpr std::chrono::milliseconds kReconnectPause{100};
}  // namespace internal

class Consumer {
 public:
  // `keeper_client`: for a group, a second connection, on which the claim of an entry a handler
  // works on is renewed.
  Consumer(std::string pattern, RawHandler handler, ConsumeOptions options, const Options& transport,
           std::unique_ptr<internal::Client> client, std::unique_ptr<internal::Client> keeper_client = nullptr);
  ~Consumer();

  void start();
  void stop();
  ConsumeStats stats() const;

 private:
  enum class Outcome {
    kDone,   // handled, rejected or parked: acknowledge it, read on
    kRetry,  // failed: try again after the retry policy's backoff
    kAgain,  // the dead letters refused it: read it again later
  };
  // Without a group: handles one entry, retrying in place; false when it is to be read again
  // (stopping cut its retries short, or the dead letters refused it).
  bool handle(const std::string& topic, std::string_view entry_id, const redisReply* fields);
  Outcome attempt(const std::string& topic, std::string_view entry_id, const redisReply* fields, std::uint64_t n);
  Status run_handler(const RawEnvelope& envelope, const Delivery& delivery);
  Outcome park(RecordedEvent event, std::uint32_t attempts, std::string error);
  void run();
  Status discover();
  Result<internal::Reply> read_all(std::vector<std::string_view> head);
  void each_stream(const redisReply* streams,
                   const std::function<bool(const std::string&, const redisReply*)>& each) const;
  Status read_streams();
  // In a group (consumer_group.cc): the group made on a newly found stream, entries read with
  // XREADGROUP and acknowledged when done, and pending ones claimed when due (own failures after
  // their backoff, other members' after ack_wait).
  Status join_group(const std::string& topic);
  Status read_group();
  Status claim_due();
  Status claim_due(const std::string& topic);
  Status finish(const std::string& key, std::string_view entry_id, Outcome outcome);
  Status handle_entries(const std::string& topic, const redisReply* entries, std::uint64_t attempt);
  bool pause(std::chrono::milliseconds wait);  // false when stopping

  const std::string pattern_;
  const std::string name_;  // in the dead letters
  RawHandler handler_;
  ConsumeOptions options_;
  const std::string prefix_;
  std::unique_ptr<internal::Client> client_;
  const std::string member_;  // in the group
  std::map<std::string, std::string> last_ids_;  // by topic: the last entry handled ("0-0": none); in a group, ">"
  std::chrono::steady_clock::time_point next_claim_{};
  std::chrono::steady_clock::time_point next_discovery_{};
  std::mt19937_64 random_{std::random_device{}()};  // the retry policy's jitter
  std::unique_ptr<DeadLetterGuard> replays_;
  std::unique_ptr<internal::ClaimKeeper> keeper_;  // in a group

  std::mutex stop_mutex_;
  std::condition_variable stop_changed_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;

  std::atomic<std::uint64_t> handled_{0}, failed_{0}, rejected_{0}, dead_lettered_{0};
};

}  // namespace avx::events::redis
