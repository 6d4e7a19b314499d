#pragma once

// The commit listeners of a store: added and removed from any thread, called by the committer.

#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

#include "avx/events/store.h"

namespace avx::events::detail {

class CommitListeners {
 public:
  std::uint64_t add(EventStore::CommitListener listener) {
    std::lock_guard lock(mutex_);
    listeners_.emplace(next_id_, std::move(listener));
    return next_id_++;
  }
  // After this returns the listener is not running and will not be called again.
  void remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    listeners_.erase(id);
  }
  bool empty() const {
    std::lock_guard lock(mutex_);
    return listeners_.empty();
  }
  void notify(const std::vector<RecordedEvent>& committed) {
    if (committed.empty()) return;
    std::lock_guard lock(mutex_);
    for (auto& [id, listener] : listeners_) listener(committed);
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::uint64_t, EventStore::CommitListener> listeners_;
  std::uint64_t next_id_ = 1;
};

}  // namespace avx::events::detail
