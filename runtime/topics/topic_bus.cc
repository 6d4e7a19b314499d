#include "avx/events/topic_bus.h"

namespace avx::events {
namespace detail {

Result<Subscription> TopicRouter::add(std::string_view pattern, Route route) {
  if (auto valid = validate_pattern(pattern); !valid) return Unexpected{valid.error()};
  std::shared_ptr<Slot> slot = route.slot;
  std::uint64_t id;
  {
    std::unique_lock lock(mutex_);
    id = next_id_++;
    route.id = id;
    route.pattern = std::string(pattern);
    trie_.insert(pattern, id);
    routes_.emplace(id, std::make_shared<const Route>(std::move(route)));
    cache_.clear();
    ++generation_;
  }
  std::weak_ptr<TopicRouter> weak = weak_from_this();
  return Subscription(std::move(slot), [weak, id](const Slot*) {
    if (auto router = weak.lock()) router->remove(id);
  });
}

void TopicRouter::remove(std::uint64_t id) {
  std::unique_lock lock(mutex_);
  auto it = routes_.find(id);
  if (it == routes_.end()) return;
  trie_.erase(it->second->pattern, id);
  routes_.erase(it);
  cache_.clear();
  ++generation_;
}

std::shared_ptr<const TopicRouter::Routes> TopicRouter::match_locked(std::string_view topic) const {
  std::vector<TopicTrie::Id> ids;  // ascending: subscription order
  trie_.match(topic, ids);
  auto routes = std::make_shared<Routes>();
  routes->reserve(ids.size());
  for (auto id : ids) routes->push_back(routes_.at(id));
  return routes;
}

std::shared_ptr<const TopicRouter::Routes> TopicRouter::routes_for(std::string_view topic) {
  const std::size_t hash = std::hash<std::string_view>{}(topic);
  std::shared_ptr<const Routes> routes;
  std::uint64_t generation;
  {
    std::shared_lock lock(mutex_);
    if (auto it = cache_.find(topic); it != cache_.end()) return it->second;
    routes = match_locked(topic);
    generation = generation_;
    // Admit a topic to the cache on its second miss only: caching topics that never come back
    // costs more than matching them.
    if (doorkeeper_[hash % kDoorkeeperSlots].exchange(hash, std::memory_order_relaxed) != hash) return routes;
  }
  std::unique_lock lock(mutex_);
  if (generation == generation_ && !cache_.count(topic)) {
    if (cache_.size() >= kMaxCachedTopics) cache_.clear();
    cache_.emplace(std::string(topic), routes);
  }
  return routes;
}

std::size_t TopicRouter::size() const {
  std::shared_lock lock(mutex_);
  return routes_.size();
}

}  // namespace detail

TopicBus::TopicBus(BusOptions options) : options_(std::move(options)), router_(std::make_shared<detail::TopicRouter>()) {}

Result<Subscription> TopicBus::subscribe_raw(std::string_view pattern, RawHandler handler,
                                             SubscribeOptions options) {
  detail::Route route;
  route.slot = detail::make_slot<RawEnvelope>(std::move(handler), std::move(options));
  return router_->add(pattern, std::move(route));
}

Result<PublishResult> TopicBus::publish_raw(const RawEnvelope& envelope) {
  if (auto valid = validate_topic(envelope.topic); !valid) return Unexpected{valid.error()};
  PublishResult result;
  // Hold the list: a handler that subscribes clears the cache, which may hold the only other reference.
  std::shared_ptr<const detail::TopicRouter::Routes> routes = router_->routes_for(envelope.topic);
  detail::ReaderRecord& record = detail::this_thread_record();
  detail::Delivery delivery(record, reading_);
  for (const auto& route : *routes) {
    if (!delivery.call(*route->slot)) continue;
    bool ok = route->type_id == detail::kRawRoute ? route->slot->deliver(&envelope, record)
                                                  : route->deliver_raw(envelope);
    (ok ? result.delivered : result.rejected) += 1;
  }
  return result;
}

}  // namespace avx::events
