#include "runtime/transports/redis/internal/shared.h"

namespace avx::events::redis {
namespace {

constexpr std::size_t kMostIdle = 8;

}  // namespace

Result<std::unique_ptr<internal::Client>> Transport::Shared::take() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto client = std::move(idle_.back());
      idle_.pop_back();
      return client;
    }
  }
  return internal::Client::open(endpoint, options.connect_timeout);
}

void Transport::Shared::give_back(std::unique_ptr<internal::Client> client) {
  if (!client->ok()) return;
  std::lock_guard lock(mutex_);
  if (idle_.size() < kMostIdle) idle_.push_back(std::move(client));
}

}  // namespace avx::events::redis
