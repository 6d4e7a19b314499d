// A Consumer in a consumer group: XREADGROUP, XACK, and claims of pending entries (XPENDING,
// XCLAIM) for retries and for the entries of members that died.

#include <algorithm>
#include <charconv>

#include "runtime/transports/redis/internal/consumer.h"
#include "runtime/transports/redis/internal/entries.h"

namespace avx::events::redis {
namespace {

using internal::kBatch;
using internal::kBlockMs;

constexpr std::chrono::milliseconds kClaimEvery{100};  // how often pending entries are looked at
constexpr const char* kPendingBatch = "64";

std::uint64_t number(const redisReply* reply) {
  if (reply == nullptr) return 0;
  if (reply->type == REDIS_REPLY_INTEGER) return static_cast<std::uint64_t>(std::max<long long>(reply->integer, 0));
  std::uint64_t out = 0;
  const std::string_view text = internal::text(reply);
  std::from_chars(text.data(), text.data() + text.size(), out);
  return out;
}

}  // namespace

// The group starts at the stream's beginning (as a group that subscribes before anything is
// published expects); one that exists already keeps its place.
Status Consumer::join_group(const std::string& topic) {
  auto made = client_->command({"XGROUP", "CREATE", internal::stream_key(prefix_, topic), options_.group, "0",
                                "MKSTREAM"});
  if (!made && made.error().message().find("BUSYGROUP") == std::string::npos) return Unexpected{made.error()};
  return {};
}

Status Consumer::read_group() {
  auto reply = read_all({"XREADGROUP", "GROUP", options_.group, member_, "COUNT", kBatch, "BLOCK", kBlockMs});
  if (!reply) {
    // A stream deleted (or a server restarted without its data) lost the group: make it again.
    if (reply.error().message().find("NOGROUP") != std::string::npos) {
      for (const auto& [topic, last] : last_ids_) (void)join_group(topic);
    }
    return Unexpected{reply.error()};
  }
  Status outcome;
  each_stream(reply->get(), [&](const std::string& topic, const redisReply* entries) {
    outcome = handle_entries(topic, entries, 1);
    return static_cast<bool>(outcome);
  });
  return outcome;
}

// Entries (id, fields) delivered for the `attempt`-th time, each handled once and acknowledged
// when done; a failed one stays pending until claim_due() takes it again.
Status Consumer::handle_entries(const std::string& topic, const redisReply* entries, std::uint64_t attempt) {
  const std::string key = internal::stream_key(prefix_, topic);
  for (std::size_t e = 0; entries != nullptr && e < entries->elements && !stopping_; ++e) {
    const redisReply* entry = entries->element[e];
    if (entry == nullptr || entry->type != REDIS_REPLY_ARRAY || entry->elements != 2) continue;  // trimmed away
    const std::string_view id = internal::text(entry->element[0]);
    if (keeper_) keeper_->begin(key, id);
    const Outcome outcome = this->attempt(topic, id, entry->element[1], attempt);
    if (keeper_) keeper_->end();
    if (auto done = finish(key, id, outcome); !done) return done;
  }
  return {};
}

Status Consumer::finish(const std::string& key, std::string_view entry_id, Outcome outcome) {
  if (outcome != Outcome::kDone) return {};  // pending: claimed again when due
  auto acked = client_->command({"XACK", key, options_.group, entry_id});
  if (!acked) return Unexpected{acked.error()};
  return {};
}

Status Consumer::claim_due() {
  if (std::chrono::steady_clock::now() < next_claim_) return {};
  next_claim_ = std::chrono::steady_clock::now() + kClaimEvery;
  for (const auto& [topic, last] : last_ids_) {
    if (auto claimed = claim_due(topic); !claimed) return claimed;
  }
  return {};
}

// The stream's oldest pending entries: this member's own failures once their backoff has passed,
// other members' once they have been idle for ack_wait. XCLAIM with that idle time as its minimum
// takes an entry only if nobody took it meanwhile, so two members never both do.
Status Consumer::claim_due(const std::string& topic) {
  const std::string key = internal::stream_key(prefix_, topic);
  auto pending = client_->command({"XPENDING", key, options_.group, "-", "+", kPendingBatch});
  if (!pending) return Unexpected{pending.error()};
  for (std::size_t i = 0; i < (*pending)->elements && !stopping_; ++i) {
    const redisReply* item = (*pending)->element[i];
    if (item->type != REDIS_REPLY_ARRAY || item->elements != 4) continue;
    const std::string id(internal::text(item->element[0]));
    const bool own = internal::text(item->element[1]) == member_;
    const std::uint64_t idle = number(item->element[2]);
    const std::uint64_t delivered = number(item->element[3]);
    const auto due = own ? std::chrono::duration_cast<std::chrono::milliseconds>(
                               options_.retry.backoff(static_cast<std::uint32_t>(std::max<std::uint64_t>(delivered, 1)),
                                                      random_))
                         : options_.ack_wait;
    if (static_cast<std::int64_t>(idle) < due.count()) continue;
    const std::string min_idle = std::to_string(due.count());
    auto claimed = client_->command({"XCLAIM", key, options_.group, member_, min_idle, id});
    if (!claimed) return Unexpected{claimed.error()};
    if (auto handled = handle_entries(topic, claimed->get(), delivered + 1); !handled) return handled;
  }
  return {};
}

}  // namespace avx::events::redis
