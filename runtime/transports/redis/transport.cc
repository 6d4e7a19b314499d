#include "avx/events/redis/transport.h"

#include <cstdlib>

#include "avx/events/topic.h"
#include "runtime/transports/redis/internal/client.h"
#include "runtime/transports/redis/internal/consumer.h"
#include "runtime/transports/redis/internal/publisher.h"
#include "runtime/transports/redis/internal/shared.h"

namespace avx::events::redis {
namespace {

std::string url_of(const Options& options) {
  if (!options.url.empty()) return options.url;
  const char* env = std::getenv("AVX_REDIS_URL");
  return env != nullptr && *env != '\0' ? env : "redis://127.0.0.1:6379";
}

}  // namespace

Subscription::Subscription(std::unique_ptr<Consumer> consumer) : consumer_(std::move(consumer)) {}
Subscription::Subscription(Subscription&&) noexcept = default;
Subscription& Subscription::operator=(Subscription&&) noexcept = default;
Subscription::~Subscription() = default;

void Subscription::stop() {
  if (consumer_) consumer_->stop();
}

ConsumeStats Subscription::stats() const { return consumer_ ? consumer_->stats() : ConsumeStats{}; }

Result<std::unique_ptr<Transport>> Transport::connect(Options options) {
  auto shared = std::make_shared<Shared>();
  shared->options = std::move(options);
  shared->options.url = url_of(shared->options);
  auto endpoint = internal::parse_url(shared->options.url);
  if (!endpoint) return Unexpected{endpoint.error()};
  shared->endpoint = std::move(*endpoint);
  auto client = shared->take();
  if (!client) return Unexpected{client.error()};
  if (auto ping = (*client)->command({"PING"}); !ping) return Unexpected{ping.error()};
  std::unique_ptr<Transport> transport(new Transport(std::move(shared)));
  transport->publisher_ = std::make_unique<Publisher>(std::move(*client), transport->shared_->options);
  return transport;
}

Transport::Transport(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}

Transport::~Transport() {
  if (publisher_) (void)publisher_->flush();
}

const std::string& Transport::url() const { return shared_->endpoint.display; }

Result<PublishAck> Transport::publish_raw(const RawEnvelope& envelope) {
  if (auto valid = validate_topic(envelope.topic); !valid) return Unexpected{valid.error()};
  return publisher_->publish(envelope);
}

Status Transport::publish_async_raw(const RawEnvelope& envelope) { return publish_async_raw(RawEnvelope(envelope)); }

Status Transport::publish_async_raw(RawEnvelope&& envelope) {
  if (auto valid = validate_topic(envelope.topic); !valid) return valid;
  return publisher_->publish_async(std::move(envelope));
}

Status Transport::flush() { return publisher_->flush(); }

Result<Subscription> Transport::subscribe_raw(std::string_view pattern, RawHandler handler, ConsumeOptions options) {
  if (auto valid = validate_pattern(pattern); !valid) return Unexpected{valid.error()};
  auto client = internal::Client::open(shared_->endpoint, shared_->options.connect_timeout);
  if (!client) return Unexpected{client.error()};
  std::unique_ptr<internal::Client> keeper;  // a group member renews its claims on a second connection
  if (!options.group.empty()) {
    auto second = internal::Client::open(shared_->endpoint, shared_->options.connect_timeout);
    if (!second) return Unexpected{second.error()};
    keeper = std::move(*second);
  }
  auto consumer = std::make_unique<Consumer>(std::string(pattern), std::move(handler), std::move(options),
                                             shared_->options, std::move(*client), std::move(keeper));
  consumer->start();
  return Subscription(std::move(consumer));
}

}  // namespace avx::events::redis
