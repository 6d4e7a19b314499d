#include "avx/events/redis/transport.h"

#include <cstdlib>

#include "avx/events/topic.h"
#include "runtime/transports/redis/internal/client.h"
#include "runtime/transports/redis/internal/consumer.h"
#include "runtime/transports/redis/internal/publisher.h"

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
  options.url = url_of(options);
  auto endpoint = internal::parse_url(options.url);
  if (!endpoint) return Unexpected{endpoint.error()};
  auto client = internal::Client::open(*endpoint, options.connect_timeout);
  if (!client) return Unexpected{client.error()};
  if (auto ping = (*client)->command({"PING"}); !ping) return Unexpected{ping.error()};
  std::unique_ptr<Transport> transport(new Transport(std::move(options), endpoint->display));
  transport->publisher_ = std::make_unique<Publisher>(std::move(*client), transport->options_);
  return transport;
}

Transport::Transport(Options options, std::string display_url)
    : options_(std::move(options)), display_url_(std::move(display_url)) {}

Transport::~Transport() { (void)publisher_->flush(); }

const std::string& Transport::url() const { return display_url_; }

Result<PublishAck> Transport::publish_raw(const RawEnvelope& envelope) {
  if (auto valid = validate_topic(envelope.topic); !valid) return Unexpected{valid.error()};
  return publisher_->publish(envelope);
}

Status Transport::publish_async_raw(const RawEnvelope& envelope) {
  if (auto valid = validate_topic(envelope.topic); !valid) return valid;
  return publisher_->publish_async(envelope);
}

Status Transport::flush() { return publisher_->flush(); }

Result<Subscription> Transport::subscribe_raw(std::string_view pattern, RawHandler handler, ConsumeOptions options) {
  if (auto valid = validate_pattern(pattern); !valid) return Unexpected{valid.error()};
  auto endpoint = internal::parse_url(options_.url);
  if (!endpoint) return Unexpected{endpoint.error()};
  auto client = internal::Client::open(*endpoint, options_.connect_timeout);
  if (!client) return Unexpected{client.error()};
  auto consumer = std::make_unique<Consumer>(std::string(pattern), std::move(handler), std::move(options), options_,
                                             std::move(*client));
  consumer->start();
  return Subscription(std::move(consumer));
}

}  // namespace avx::events::redis
