#pragma once

// The calls the services make, over either transport, so that one service's code runs over NATS
// JetStream or Redis Streams: the URL's scheme picks (nats:// or tls://, redis:// or unix://).

#include <memory>
#include <string>
#include <string_view>

#include <avx/events/nats/request_reply.h>
#include <avx/events/nats/transport.h>
#include <avx/events/redis/request_reply.h>
#include <avx/events/redis/transport.h>

namespace examples::shop {

inline bool is_redis_url(std::string_view url) { return url.starts_with("redis://") || url.starts_with("unix://"); }

struct ViaNats {
  using Transport = avx::events::nats::Transport;
  using ConsumeOptions = avx::events::nats::ConsumeOptions;
  static constexpr const char* kName = "NATS";

  // Connected, and the stream of the shop's topics made.
  static avx::events::Result<std::unique_ptr<Transport>> connect(const std::string& url) {
    avx::events::nats::Options options;
    options.url = url;
    auto nats = Transport::connect(options);
    if (!nats) return nats;
    if (auto stream = (*nats)->ensure_stream({"shop.**"}); !stream) return avx::events::Unexpected{stream.error()};
    return nats;
  }
  static ConsumeOptions group(std::string name) {
    ConsumeOptions o;
    o.group = std::move(name);
    return o;
  }
  // Whether the group's members are subscribed: its durable consumer exists.
  static bool group_ready(Transport& t, std::string_view name) {
    auto lag = t.lag(name);
    return lag && lag->size() == 1 && (*lag)[0].consumers == 1;
  }
  template <class M, class F>
  static auto respond(Transport& t, F handler) {
    return avx::events::nats::respond<M>(t, std::move(handler));
  }
  template <class M>
  static auto request(Transport& t, const M& message, const avx::events::RequestOptions& options) {
    return avx::events::nats::request(t, message, options);
  }
};

struct ViaRedis {
  using Transport = avx::events::redis::Transport;
  using ConsumeOptions = avx::events::redis::ConsumeOptions;
  static constexpr const char* kName = "Redis";

  static avx::events::Result<std::unique_ptr<Transport>> connect(const std::string& url) {
    avx::events::redis::Options options;
    options.url = url;
    return Transport::connect(options);
  }
  static ConsumeOptions group(std::string name) {
    ConsumeOptions o;
    o.group = std::move(name);
    return o;
  }
  // A group starts at the beginning of each topic's stream: it misses nothing published before
  // its members found the topic.
  static bool group_ready(Transport&, std::string_view) { return true; }
  template <class M, class F>
  static auto respond(Transport& t, F handler) {
    return avx::events::redis::respond<M>(t, std::move(handler));
  }
  template <class M>
  static auto request(Transport& t, const M& message, const avx::events::RequestOptions& options) {
    return avx::events::redis::request(t, message, options);
  }
};

}  // namespace examples::shop
