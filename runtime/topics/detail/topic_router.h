#pragma once

// The routing state of a TopicBus: subscriptions by pattern in a trie, and a bounded cache from a
// topic seen more than once to the routes matching it. Shared with Subscription handles, so dropping a subscription
// after its bus is gone is safe.

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "avx/events/detail/slot.h"
#include "avx/events/detail/topic_trie.h"
#include "avx/events/envelope.h"
#include "avx/events/result.h"

namespace avx::events {
class Subscription;
}

namespace avx::events::detail {

inline constexpr std::size_t kRawRoute = std::numeric_limits<std::size_t>::max();

struct Route {
  std::uint64_t id = 0;
  std::string pattern;
  std::size_t type_id = kRawRoute;  // the C++ event type of a typed subscriber, or kRawRoute
  std::shared_ptr<Slot> slot;
  // For typed routes: decode a raw envelope of the route's type and deliver it. Returns false
  // when it was rejected or did not decode.
  std::function<bool(const RawEnvelope&)> deliver_raw;
};

class TopicRouter : public std::enable_shared_from_this<TopicRouter> {
 public:
  using Routes = std::vector<std::shared_ptr<const Route>>;
  static constexpr std::size_t kMaxCachedTopics = 1 << 16;
  static constexpr std::size_t kDoorkeeperSlots = 1 << 12;

  Result<Subscription> add(std::string_view pattern, Route route);
  void remove(std::uint64_t id);

  // The routes whose pattern matches `topic` (valid), ordered by subscription.
  std::shared_ptr<const Routes> routes_for(std::string_view topic);

  std::size_t size() const;

 private:
  std::shared_ptr<const Routes> match_locked(std::string_view topic) const;

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  mutable std::shared_mutex mutex_;  // guards everything below
  TopicTrie trie_;
  std::unordered_map<std::uint64_t, std::shared_ptr<const Route>> routes_;
  std::unordered_map<std::string, std::shared_ptr<const Routes>, StringHash, std::equal_to<>> cache_;
  std::uint64_t next_id_ = 1;
  std::uint64_t generation_ = 0;  // bumped when subscriptions change: a match made before is stale
  // Hashes of topics missed once (direct-mapped); relaxed atomics, touched under the shared lock.
  std::array<std::atomic<std::size_t>, kDoorkeeperSlots> doorkeeper_{};
};

}  // namespace avx::events::detail
