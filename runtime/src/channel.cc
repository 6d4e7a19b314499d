#include "avx/events/detail/channel.h"

#include <algorithm>
#include <thread>

namespace avx::events::detail {
namespace {

// How many deliveries this thread is inside (they nest when a handler publishes). A writer inside
// any delivery must not wait for readers: it may be one, or wait on a thread that waits on it.
thread_local int tls_delivery_depth = 0;

}  // namespace

class Channel::ReadGuard {
 public:
  explicit ReadGuard(Channel& channel)
      : channel_(channel),
        parity_(channel.epoch_.load(std::memory_order_acquire) & 1) {
    channel_.readers_[parity_].fetch_add(1, std::memory_order_seq_cst);
    ++tls_delivery_depth;
  }
  ~ReadGuard() {
    --tls_delivery_depth;
    channel_.readers_[parity_].fetch_sub(1, std::memory_order_release);
  }

 private:
  Channel& channel_;
  std::uint64_t parity_;
};

Channel::Channel() : owned_current_(std::make_unique<const List>()) {
  current_.store(owned_current_.get(), std::memory_order_release);
}

Channel::~Channel() = default;

bool Channel::inside_delivery() { return tls_delivery_depth > 0; }

Channel::Fanout Channel::publish(const void* envelope) {
  ReadGuard guard(*this);
  const List* list = current_.load(std::memory_order_seq_cst);
  Fanout out;
  for (const auto& slot : *list) {
    if (!slot->active()) continue;
    if (slot->deliver(envelope)) {
      ++out.delivered;
    } else {
      ++out.rejected;
    }
  }
  return out;
}

void Channel::add(std::shared_ptr<Slot> slot) {
  std::lock_guard lock(writer_mutex_);
  auto next = std::make_unique<List>(*owned_current_);
  next->push_back(std::move(slot));
  replace(std::move(next));
}

void Channel::remove(const Slot* slot) {
  std::lock_guard lock(writer_mutex_);
  auto next = std::make_unique<List>();
  next->reserve(owned_current_->size());
  for (const auto& s : *owned_current_) {
    if (s.get() != slot) next->push_back(s);
  }
  replace(std::move(next));
}

void Channel::replace(std::unique_ptr<const List> next) {
  size_.store(next->size(), std::memory_order_release);
  current_.store(next.get(), std::memory_order_seq_cst);
  retired_.push_back(std::move(owned_current_));
  owned_current_ = std::move(next);
  if (!inside_delivery()) reclaim_locked();
}

// Two epoch flips, each followed by waiting for the old parity to drain: every reader that could
// have loaded a retired snapshot has then finished.
void Channel::reclaim_locked() {
  for (int phase = 0; phase < 2; ++phase) {
    std::uint64_t old = epoch_.fetch_add(1, std::memory_order_seq_cst);
    while (readers_[old & 1].load(std::memory_order_seq_cst) != 0) std::this_thread::yield();
  }
  retired_.clear();
}

}  // namespace avx::events::detail
