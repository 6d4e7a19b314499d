#include "runtime/transports/redis/internal/publisher.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

namespace avx::events::redis {
namespace {

constexpr std::size_t kSendAt = 64 * 1024;  // queued bytes: then they go out without waiting for replies
constexpr std::size_t kNamedLosses = 5;     // ids an error names at most

}  // namespace

void Publisher::queue(internal::Command command, const EventId& id, bool registration) {
  client_->append(command.args);
  unread_.push_back({std::move(command), id, registration});
}

internal::Command Publisher::registration(const std::string& topic) const {
  return {{"SADD", internal::topics_key(options_.key_prefix), topic}};
}

void Publisher::register_queued(const std::string& topic) {
  if (registered_.contains(topic)) return;
  queue(registration(topic), {}, true);
  registered_.insert(topic);
}

Status Publisher::register_now(const std::string& topic, std::optional<std::chrono::steady_clock::time_point> until) {
  if (registered_.contains(topic)) return {};
  auto added = run_until_deadline(registration(topic), until);
  if (!added) return Unexpected{added.error()};
  registered_.insert(topic);
  return {};
}

// Replies come in the order of the commands. When the connection is lost, nobody knows which of
// the unread ones Redis stored: each is sent again (at least once).
void Publisher::read_replies(std::size_t keep) {
  while (unread_.size() > keep) {
    auto reply = client_->read();
    if (!reply && reply.error().code() == Errc::kUnavailable) {
      for (Pending& p : unread_) to_resend_.push_back(std::move(p));
      unread_.clear();
      registered_.clear();  // registered again with the resends
      (void)client_->reconnect();
      return;
    }
    Pending done = std::move(unread_.front());
    unread_.pop_front();
    if (!reply && !done.registration) to_resend_.push_back(std::move(done));
  }
}

// Runs `command`, reconnecting with backoff (10 ms, doubling to 1 s) while the connection is
// lost, until `deadline` (default: the publish deadline from now). Past it, one try.
Result<internal::Reply> Publisher::run_until_deadline(const internal::Command& command,
                                                      std::optional<std::chrono::steady_clock::time_point> until) {
  const auto deadline = until.value_or(std::chrono::steady_clock::now() + options_.publish_deadline);
  std::chrono::milliseconds pause{10};
  while (true) {
    Status connected = client_->ok() ? Status{} : client_->reconnect();
    if (connected && !client_->ok()) connected = unexpected(Errc::kUnavailable, "redis: not connected");
    auto reply = connected ? client_->command(command.views()) : Result<internal::Reply>(Unexpected{connected.error()});
    if (reply || reply.error().code() != Errc::kUnavailable) return reply;
    if (std::chrono::steady_clock::now() + pause > deadline) return reply;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(1000));
  }
}

Result<PublishAck> Publisher::publish(const RawEnvelope& envelope) {
  auto command = internal::xadd(envelope, options_.key_prefix, options_.max_len);
  if (!command) return Unexpected{command.error()};
  std::lock_guard lock(mutex_);
  read_replies(0);  // the async ones first: a reply read here is theirs
  if (auto registered = register_now(envelope.topic); !registered) return Unexpected{registered.error()};
  auto reply = run_until_deadline(*command);
  if (!reply) return Unexpected{reply.error()};
  return PublishAck{std::string(internal::text(reply->get()))};
}

Status Publisher::publish_async(RawEnvelope envelope) {
  const EventId id = envelope.metadata.event_id;
  std::string topic = envelope.topic;
  auto command = internal::xadd(std::move(envelope), options_.key_prefix, options_.max_len);
  if (!command) return Unexpected{command.error()};
  std::lock_guard lock(mutex_);
  register_queued(topic);
  queue(std::move(*command), id, false);
  if (client_->queued_bytes() >= kSendAt) (void)client_->send_queued();  // a loss shows in the replies
  if (unread_.size() >= options_.async_window) read_replies(options_.async_window / 2);
  // While the server is away, what waits to be sent again is bounded too: it is sent now (until
  // the deadline), and what cannot be is this call's error.
  if (to_resend_.size() >= options_.async_window) return resend_all();
  return {};
}

Status Publisher::flush() {
  std::lock_guard lock(mutex_);
  read_replies(0);
  return resend_all();
}

// One deadline for them all: a server that stays away fails the batch once, not each event.
Status Publisher::resend_all() {
  const auto deadline = std::chrono::steady_clock::now() + options_.publish_deadline;
  std::vector<Pending> resend = std::move(to_resend_);
  to_resend_.clear();
  std::size_t lost = 0;
  std::string named;
  std::optional<Error> first_error;
  for (const Pending& p : resend) {
    if (p.registration) continue;
    (void)register_now(internal::topic_of_key(options_.key_prefix, p.command.args[1]), deadline);  // see the XADD
    if (auto again = run_until_deadline(p.command, deadline); !again) {
      if (lost == 0) first_error = again.error();
      if (++lost <= kNamedLosses) named += (named.empty() ? "" : ", ") + p.event_id.to_string();
    }
  }
  if (lost == 0) return {};
  return unexpected(first_error->code(), std::to_string(lost) + " event(s) not stored (" + named +
                                             (lost > kNamedLosses ? ", ..." : "") + "): " + first_error->message());
}

}  // namespace avx::events::redis
