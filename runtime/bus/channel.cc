#include "avx/events/detail/channel.h"

#include <algorithm>
#include <utility>
#include <thread>

namespace avx::events::detail {
class Channel::ReadGuard {
 public:
  explicit ReadGuard(Channel& channel)
      : channel_(channel),
        parity_(channel.epoch_.load(std::memory_order_acquire) & 1) {
    channel_.readers_[parity_].fetch_add(1, std::memory_order_seq_cst);
  }
  ~ReadGuard() {
    channel_.readers_[parity_].fetch_sub(1, std::memory_order_release);
  }

 private:
  Channel& channel_;
  std::uint64_t parity_;
};

Channel::Channel(std::string_view type) : type_(type), owned_current_(std::make_unique<const List>()) {
  current_.store(owned_current_.get(), std::memory_order_release);
}

Channel::~Channel() = default;

// Inside any handler (sync or async, of any bus), a writer must not wait for readers: it may be
// one, or a reader may be waiting on it (a publisher blocked on a full queue this handler drains).
bool Channel::inside_delivery() { return call_frames() != nullptr; }

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
  std::vector<std::unique_ptr<const List>> done;
  {
    std::lock_guard lock(writer_mutex_);
    auto next = std::make_unique<List>(*owned_current_);
    next->push_back(std::move(slot));
    done = replace_locked(std::move(next));
  }
  reclaim(std::move(done));
}

void Channel::remove(const Slot* slot) {
  std::vector<std::unique_ptr<const List>> done;
  {
    std::lock_guard lock(writer_mutex_);
    auto next = std::make_unique<List>();
    next->reserve(owned_current_->size());
    for (const auto& s : *owned_current_) {
      if (s.get() != slot) next->push_back(s);
    }
    done = replace_locked(std::move(next));
  }
  reclaim(std::move(done));
}

// Installs `next`. Returns the retired snapshots to free after a grace period, or none when this
// thread is inside a delivery: it must not wait for readers (it may be one, or a reader may be
// waiting for its handler to return), so they stay for a later writer or the destructor.
std::vector<std::unique_ptr<const Channel::List>> Channel::replace_locked(std::unique_ptr<const List> next) {
  size_.store(next->size(), std::memory_order_release);
  current_.store(next.get(), std::memory_order_seq_cst);
  retired_.push_back(std::move(owned_current_));
  owned_current_ = std::move(next);
  if (inside_delivery()) return {};
  return std::exchange(retired_, {});
}

// Frees `done` once every reader that could have loaded one of them has finished: two epoch
// flips, each followed by waiting for the old parity to drain. Runs without the writer mutex, so
// a handler that subscribes meanwhile is not blocked; grace periods are serialized because two
// interleaved pairs of flips could skip a parity.
void Channel::reclaim(std::vector<std::unique_ptr<const List>> done) {
  if (done.empty()) return;
  std::lock_guard lock(grace_mutex_);
  for (int phase = 0; phase < 2; ++phase) {
    std::uint64_t old = epoch_.fetch_add(1, std::memory_order_seq_cst);
    while (readers_[old & 1].load(std::memory_order_seq_cst) != 0) std::this_thread::yield();
  }
}

}  // namespace avx::events::detail
