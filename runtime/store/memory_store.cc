// The in-memory EventStore: the reference the SQLite store is tested against, and a fast store
// for tests. One mutex; reads copy out.

#include <algorithm>
#include <map>
#include <mutex>

#include "runtime/store/backend/commit_listeners.h"
#include "runtime/store/backend/store_rules.h"

namespace avx::events {
namespace {

class MemoryStore final : public EventStore {
 public:
  explicit MemoryStore(std::size_t max_payload_bytes) : max_payload_bytes_(max_payload_bytes) {}

  Result<AppendResult> append(std::string_view stream, ExpectedVersion expected,
                              std::span<const EventData> events) override {
    if (auto valid = detail::validate_append(stream, events, max_payload_bytes_); !valid) {
      return Unexpected{valid.error()};
    }
    std::lock_guard lock(mutex_);
    auto find = [&](const EventId& id) -> std::optional<detail::StoredAt> {
      auto it = ids_.find(id);
      if (it == ids_.end()) return std::nullopt;
      const RecordedEvent& e = all_[it->second];
      return detail::StoredAt{e.stream, e.version, e.position};
    };
    if (auto retry = detail::check_retry(stream, expected, events, find)) return *retry;
    if (auto elsewhere = detail::stored_elsewhere(events, find)) return *elsewhere;
    std::vector<std::size_t>& indices = streams_[std::string(stream)];
    std::uint64_t actual = indices.size();
    if (!expected.allows(actual)) {
      if (indices.empty()) streams_.erase(std::string(stream));
      return detail::conflict(stream, expected, actual);
    }
    AppendResult result{actual, all_.size()};
    std::size_t first_new = all_.size();
    for (const EventData& e : events) {
      RecordedEvent r{std::string(stream), ++result.version, all_.size() + 1, e.event_id, e.type, e.schema_version,
                      e.timestamp == Timestamp{} ? now() : e.timestamp, e.correlation_id, e.causation_id, e.origin, e.payload};
      result.last_position = r.position;
      ids_.emplace(e.event_id, all_.size());
      indices.push_back(all_.size());
      all_.push_back(std::move(r));
    }
    if (indices.empty()) streams_.erase(std::string(stream));
    if (!listeners_.empty()) {
      // Under the store's lock: listeners see commits in position order.
      listeners_.notify(std::vector<RecordedEvent>(all_.begin() + static_cast<std::ptrdiff_t>(first_new), all_.end()));
    }
    return result;
  }

  Result<std::vector<StreamInfo>> streams(std::string_view after, std::size_t max_count) override {
    std::lock_guard lock(mutex_);
    std::vector<StreamInfo> out;
    for (auto it = streams_.upper_bound(std::string(after)); it != streams_.end() && out.size() < max_count; ++it) {
      out.push_back({it->first, it->second.size()});
    }
    return out;
  }

  Status save_snapshot(const Snapshot& snapshot) override {
    if (auto valid = detail::validate_snapshot(snapshot, max_payload_bytes_); !valid) return valid;
    std::lock_guard lock(mutex_);
    auto& slot = snapshots_[snapshot.stream];
    if (!slot || slot->version <= snapshot.version) slot = snapshot;
    return {};
  }

  Result<std::optional<Snapshot>> load_snapshot(std::string_view stream) override {
    if (auto valid = validate_stream_name(stream); !valid) return Unexpected{valid.error()};
    std::lock_guard lock(mutex_);
    auto it = snapshots_.find(std::string(stream));
    return it == snapshots_.end() ? std::optional<Snapshot>() : it->second;
  }
  Status save_checkpoint(std::string_view name, std::uint64_t position) override {
    std::lock_guard lock(mutex_);
    checkpoints_[std::string(name)] = position;
    return {};
  }

  Result<std::uint64_t> load_checkpoint(std::string_view name) override {
    std::lock_guard lock(mutex_);
    auto it = checkpoints_.find(name);
    return it == checkpoints_.end() ? 0 : it->second;
  }


  std::uint64_t add_commit_listener(CommitListener listener) override { return listeners_.add(std::move(listener)); }
  void remove_commit_listener(std::uint64_t id) override { listeners_.remove(id); }

  Status read_stream_into(std::string_view stream, std::uint64_t from, std::size_t max_count, Direction direction,
                          EventPage& page) override {
    page.clear();
    if (auto valid = validate_stream_name(stream); !valid) return valid;
    std::lock_guard lock(mutex_);
    auto it = streams_.find(std::string(stream));
    if (it == streams_.end()) return {};
    const auto& indices = it->second;
    if (direction == Direction::kForward) {
      for (std::uint64_t v = std::max<std::uint64_t>(from, 1); v <= indices.size() && page.size() < max_count; ++v) {
        page.next_slot() = all_[indices[v - 1]];
      }
    } else {
      std::uint64_t v = from == 0 ? indices.size() : std::min<std::uint64_t>(from, indices.size());
      for (; v >= 1 && page.size() < max_count; --v) page.next_slot() = all_[indices[v - 1]];
    }
    return {};
  }

  Status read_all_into(std::uint64_t from, std::size_t max_count, EventPage& page) override {
    page.clear();
    std::lock_guard lock(mutex_);
    for (std::uint64_t p = std::max<std::uint64_t>(from, 1); p <= all_.size() && page.size() < max_count; ++p) {
      page.next_slot() = all_[p - 1];
    }
    return {};
  }

  Result<std::uint64_t> stream_version(std::string_view stream) override {
    if (auto valid = validate_stream_name(stream); !valid) return Unexpected{valid.error()};
    std::lock_guard lock(mutex_);
    auto it = streams_.find(std::string(stream));
    return it == streams_.end() ? std::uint64_t{0} : std::uint64_t{it->second.size()};
  }

  Result<std::uint64_t> head_position() override {
    std::lock_guard lock(mutex_);
    return std::uint64_t{all_.size()};
  }

 private:
  std::mutex mutex_;
  std::vector<RecordedEvent> all_;                            // by position - 1
  std::map<std::string, std::vector<std::size_t>> streams_;  // indices into all_, by version - 1
  std::map<EventId, std::size_t> ids_;
  const std::size_t max_payload_bytes_;
  std::map<std::string, std::optional<Snapshot>> snapshots_;
  std::map<std::string, std::uint64_t, std::less<>> checkpoints_;
  detail::CommitListeners listeners_;
};

}  // namespace

std::unique_ptr<EventStore> make_memory_store(std::size_t max_payload_bytes) {
  return std::make_unique<MemoryStore>(max_payload_bytes);
}

}  // namespace avx::events
