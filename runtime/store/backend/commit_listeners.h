#pragma once

// The commit listeners of a store: added and removed from any thread, called by the committer.
// A listener may add or remove listeners, itself included, while it is being called: the mutex is
// recursive, and notify() calls a snapshot of the listeners, skipping those removed meanwhile.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "avx/events/store.h"

namespace avx::events::detail {

class CommitListeners {
 public:
  std::uint64_t add(EventStore::CommitListener listener) {
    std::lock_guard lock(mutex_);
    listeners_.emplace(next_id_, std::make_shared<EventStore::CommitListener>(std::move(listener)));
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
  // `missed`: the committer did not collect every event it committed (no listener was there when it
  // wrote them, one came before the commit). Listeners then also hear of a commit with no events:
  // their cue to read the store (EventStore::CommitListener).
  void notify(const std::vector<RecordedEvent>& committed, bool missed = false) {
    if (committed.empty() && !missed) return;
    std::lock_guard lock(mutex_);
    if (listeners_.empty()) return;
    std::vector<std::pair<std::uint64_t, std::shared_ptr<EventStore::CommitListener>>> snapshot(listeners_.begin(),
                                                                                                 listeners_.end());
    for (auto& [id, listener] : snapshot) {
      if (listeners_.count(id)) (*listener)(committed);
    }
  }

 private:
  mutable std::recursive_mutex mutex_;
  std::map<std::uint64_t, std::shared_ptr<EventStore::CommitListener>> listeners_;
  std::uint64_t next_id_ = 1;
};

}  // namespace avx::events::detail
