#include "runtime/transports/redis/internal/consumer.h"

#include <algorithm>
#include <string>
#include <string_view>

#include <unistd.h>

#include "avx/events/topic.h"
#include "runtime/transports/redis/internal/entries.h"

namespace avx::events::redis {
namespace {

using internal::kBatch;
using internal::kBlockMs;
using internal::kReconnectPause;

constexpr std::string_view kDiscoveryPage = "1000";  // topics per SSCAN (a hint to the server)

// host-pid-n: unique among the members of a group, and recognizable in XINFO CONSUMERS.
std::string member_name(const std::string& chosen) {
  if (!chosen.empty()) return chosen;
  static std::atomic<int> counter{0};
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return std::string(host) + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

}  // namespace

Consumer::Consumer(std::string pattern, RawHandler handler, ConsumeOptions options, const Options& transport,
                   std::unique_ptr<internal::Client> client, std::unique_ptr<internal::Client> keeper_client)
    : pattern_(std::move(pattern)),
      name_(!options.name.empty() ? options.name : !options.group.empty() ? options.group : pattern_),
      handler_(std::move(handler)),
      options_(std::move(options)),
      prefix_(transport.key_prefix),
      client_(std::move(client)),
      member_(options_.group.empty() ? std::string() : member_name(options_.member)) {
  if (keeper_client) {
    keeper_ = std::make_unique<internal::ClaimKeeper>(std::move(keeper_client), options_.group, member_,
                                                      std::max(options_.ack_wait / 3, std::chrono::milliseconds(1)));
  }
  if (options_.dead_letters != nullptr) {
    GuardOptions guard;
    guard.subscription = name_;
    guard.policy = options_.retry;
    replays_ = std::make_unique<DeadLetterGuard>(
        *options_.dead_letters,
        [this](const RecordedEvent& event) { return run_handler(transports::from_recorded(event), Delivery{}); },
        guard);
  }
}

Consumer::~Consumer() { stop(); }

void Consumer::start() {
  thread_ = std::thread([this] { run(); });
  if (replays_) replays_->start();
}

void Consumer::stop() {
  {
    std::lock_guard lock(stop_mutex_);
    stopping_ = true;
  }
  stop_changed_.notify_all();
  if (replays_) replays_->stop();
  if (thread_.joinable()) thread_.join();
}

ConsumeStats Consumer::stats() const {
  return {.handled = handled_.load(),
          .failed = failed_.load(),
          .rejected = rejected_.load(),
          .dead_lettered = dead_lettered_.load(),
          .filtered = 0};  // only matching topics' streams are read
}

bool Consumer::pause(std::chrono::milliseconds wait) {
  std::unique_lock lock(stop_mutex_);
  return !stop_changed_.wait_for(lock, wait, [&] { return stopping_.load(); });
}

// Reads until stopped. Before the pattern matches any topic, it only looks for topics; after a
// failure (a lost connection: reopened), it pauses, then reads on after the last entry handled.
void Consumer::run() {
  while (!stopping_) {
    Status step = std::chrono::steady_clock::now() >= next_discovery_ ? discover() : Status{};
    if (step && last_ids_.empty()) {
      if (!pause(options_.discover_every)) return;
      continue;
    }
    if (step) step = options_.group.empty() ? read_streams() : read_group();
    if (step && !options_.group.empty()) step = claim_due();
    if (!step) {
      if (!pause(kReconnectPause)) return;
      if (!client_->ok()) (void)client_->reconnect();
    }
  }
}

// The registry of topics is read in pages (SSCAN), not at once (SMEMBERS): a registry of 100,000
// topics would otherwise be one reply that holds the server for its length. A page may repeat a
// topic (SSCAN's promise is only that every member present throughout is returned): seen is seen.
Status Consumer::discover() {
  next_discovery_ = std::chrono::steady_clock::now() + options_.discover_every;
  const std::string key = internal::topics_key(prefix_);
  std::string cursor = "0";
  do {
    auto page = client_->command({"SSCAN", key, cursor, "COUNT", kDiscoveryPage});
    if (!page) return Unexpected{page.error()};
    const redisReply* reply = page->get();
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 || reply->element[1]->type != REDIS_REPLY_ARRAY) {
      return unexpected(Errc::kInternal, "Redis: SSCAN of " + key + " did not answer a cursor and a page");
    }
    cursor = std::string(internal::text(reply->element[0]));
    const redisReply* topics = reply->element[1];
    for (std::size_t i = 0; i < topics->elements; ++i) {
      const std::string topic(internal::text(topics->element[i]));
      if (!topic_matches(pattern_, topic) || last_ids_.contains(topic)) continue;
      if (!options_.group.empty()) {
        if (auto joined = join_group(topic); !joined) return joined;
      }
      last_ids_.emplace(topic, options_.group.empty() ? "0-0" : ">");
    }
  } while (cursor != "0");
  return {};
}

// XREAD or XREADGROUP (`head`: its arguments before STREAMS) over every stream found, each from
// its last id.
Result<internal::Reply> Consumer::read_all(std::vector<std::string_view> head) {
  std::vector<std::string> keys;
  for (const auto& [topic, last] : last_ids_) keys.push_back(internal::stream_key(prefix_, topic));
  head.push_back("STREAMS");
  head.insert(head.end(), keys.begin(), keys.end());
  for (const auto& [topic, last] : last_ids_) head.push_back(last);
  return client_->command(head, internal::kBlock);
}

// Calls `each(topic, entries)` for each stream of a read's reply (nil: nothing came within the
// wait) while it returns true.
void Consumer::each_stream(const redisReply* streams,
                           const std::function<bool(const std::string&, const redisReply*)>& each) const {
  if (streams == nullptr || streams->type != REDIS_REPLY_ARRAY) return;
  for (std::size_t s = 0; s < streams->elements; ++s) {
    const redisReply* stream = streams->element[s];
    if (stream->type != REDIS_REPLY_ARRAY || stream->elements != 2) continue;
    if (!each(internal::topic_of_key(prefix_, internal::text(stream->element[0])), stream->element[1])) return;
  }
}

Status Consumer::read_streams() {
  auto reply = read_all({"XREAD", "COUNT", kBatch, "BLOCK", kBlockMs});
  if (!reply) return Unexpected{reply.error()};
  each_stream(reply->get(), [&](const std::string& topic, const redisReply* entries) {
    for (std::size_t e = 0; e < entries->elements; ++e) {
      const redisReply* entry = entries->element[e];
      if (entry->type != REDIS_REPLY_ARRAY || entry->elements != 2) continue;
      const std::string_view id = internal::text(entry->element[0]);
      if (!handle(topic, id, entry->element[1])) return false;  // read again from its last id
      last_ids_[topic] = std::string(id);
    }
    return true;
  });
  return {};
}

bool Consumer::handle(const std::string& topic, std::string_view entry_id, const redisReply* fields) {
  for (std::uint64_t n = 1;; ++n) {
    switch (attempt(topic, entry_id, fields, n)) {
      case Outcome::kDone:
        return true;
      case Outcome::kAgain:
        return false;
      case Outcome::kRetry: {
        const auto wait = options_.retry.backoff(static_cast<std::uint32_t>(n), random_);
        if (!pause(std::chrono::duration_cast<std::chrono::milliseconds>(wait))) return false;
      }
    }
  }
}

// One delivery of an entry: decoded (or rejected), handled, and when it fails for the last time
// (with dead letters), parked.
Consumer::Outcome Consumer::attempt(const std::string& topic, std::string_view entry_id, const redisReply* fields,
                                    std::uint64_t n) {
  auto envelope = internal::from_entry(topic, entry_id, fields);
  if (!envelope) {
    ++rejected_;
    if (options_.dead_letters == nullptr) return Outcome::kDone;
    RecordedEvent unreadable;
    unreadable.stream = topic;
    unreadable.position = internal::position_of(entry_id);
    unreadable.type = "(not an avx event)";
    return park(std::move(unreadable), 1, envelope.error().message());
  }
  Status result = run_handler(*envelope, Delivery{n});
  if (result) {
    ++handled_;
    return Outcome::kDone;
  }
  if (result.error().detail(transports::kRejectDetail)) {
    ++rejected_;
    if (options_.dead_letters == nullptr) return Outcome::kDone;
    return park(transports::to_recorded(*envelope), 1, result.error().message());
  }
  ++failed_;
  if (options_.dead_letters != nullptr && n >= options_.retry.max_attempts) {
    return park(transports::to_recorded(*envelope), static_cast<std::uint32_t>(n), result.error().message());
  }
  return Outcome::kRetry;
}

Status Consumer::run_handler(const RawEnvelope& envelope, const Delivery& delivery) {
  return transports::call_handler(handler_, envelope, delivery);
}

// kAgain when the dead letters refused it: the entry is not passed over, but read again after a
// pause (by then the dead letters may be back).
Consumer::Outcome Consumer::park(RecordedEvent event, std::uint32_t attempts, std::string error) {
  if (!options_.dead_letters->add(transports::parked_letter(name_, std::move(event), attempts, std::move(error)))) {
    (void)pause(kReconnectPause);
    return Outcome::kAgain;
  }
  ++dead_lettered_;
  return Outcome::kDone;
}

}  // namespace avx::events::redis
