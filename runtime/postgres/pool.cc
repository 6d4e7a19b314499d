#include "runtime/postgres/internal/pool.h"

namespace avx::events::pg {

Result<std::unique_ptr<Pool>> Pool::open(const std::string& conninfo, std::size_t size, bool read_only) {
  std::unique_ptr<Pool> pool(new Pool());
  for (std::size_t i = 0; i < std::max<std::size_t>(size, 1); ++i) {
    auto connection = Connection::open(conninfo, {.read_only = read_only});
    if (!connection) return Unexpected{connection.error()};
    pool->idle_.push_back(std::move(*connection));
  }
  return pool;
}

Pool::Lease Pool::lease() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [&] { return !idle_.empty(); });
  std::unique_ptr<Connection> connection = std::move(idle_.back());
  idle_.pop_back();
  return Lease(*this, std::move(connection));
}

std::unique_ptr<Pool::Lease> Pool::try_lease() {
  std::lock_guard lock(mutex_);
  if (idle_.empty()) return nullptr;
  std::unique_ptr<Connection> connection = std::move(idle_.back());
  idle_.pop_back();
  return std::make_unique<Lease>(*this, std::move(connection));
}

void Pool::give_back(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  returned_.notify_one();
}

}  // namespace avx::events::pg
