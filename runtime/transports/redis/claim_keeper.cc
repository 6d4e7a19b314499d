#include "runtime/transports/redis/internal/claim_keeper.h"

namespace avx::events::redis::internal {

ClaimKeeper::ClaimKeeper(std::unique_ptr<Client> client, std::string group, std::string member,
                         std::chrono::milliseconds every)
    : client_(std::move(client)), group_(std::move(group)), member_(std::move(member)), every_(every) {
  thread_ = std::thread([this] { run(); });
}

ClaimKeeper::~ClaimKeeper() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void ClaimKeeper::begin(const std::string& key, std::string_view entry_id) {
  {
    std::lock_guard lock(mutex_);
    held_.emplace(key, std::string(entry_id));
  }
  changed_.notify_all();
}

void ClaimKeeper::end() {
  std::lock_guard lock(mutex_);
  held_.reset();
}

// Renews the entry held for `every_` after the handler took it, and again every `every_` while it
// holds it. A renewal that fails (a lost connection) is tried again at the next one.
void ClaimKeeper::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    changed_.wait(lock, [&] { return stopping_ || held_.has_value(); });
    if (stopping_) return;
    const auto held = *held_;
    if (changed_.wait_for(lock, every_, [&] { return stopping_ || held_ != held; })) continue;
    lock.unlock();
    if (!client_->ok()) (void)client_->reconnect();
    (void)client_->command({"XCLAIM", held.first, group_, member_, "0", held.second, "JUSTID"});
    lock.lock();
  }
}

}  // namespace avx::events::redis::internal
