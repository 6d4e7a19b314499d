#include "avx/events/detail/channel.h"

#include <utility>

namespace avx::events::detail {

Channel::Channel(std::string_view type) : type_(type), owned_current_(std::make_unique<const List>()) {
  current_.store(owned_current_.get(), std::memory_order_release);
}

Channel::~Channel() = default;

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

// Installs `next`. Returns the retired snapshots to free once no reader holds them, or none when
// this thread is inside a delivery: it must not wait for readers (it may be one, or a reader may
// be waiting for its handler to return), so they stay for a later writer or the destructor.
std::vector<std::unique_ptr<const Channel::List>> Channel::replace_locked(std::unique_ptr<const List> next) {
  size_.store(next->size(), std::memory_order_release);
  current_.store(next.get(), std::memory_order_seq_cst);
  retired_.push_back(std::move(owned_current_));
  owned_current_ = std::move(next);
  if (this_thread_delivering()) return {};
  return std::exchange(retired_, {});
}

// Frees `done` once every other thread that was reading this channel when the new snapshot went
// in has left it (a later reader loads the new one). Runs without the writer mutex, so a handler
// that subscribes meanwhile is not blocked.
void Channel::reclaim(std::vector<std::unique_ptr<const List>> done) {
  if (done.empty()) return;
  wait_for_readers(*this);
}

}  // namespace avx::events::detail
