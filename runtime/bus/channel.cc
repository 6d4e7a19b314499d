#include "avx/events/detail/channel.h"

#include <utility>

namespace avx::events::detail {

Channel::Snapshot::Snapshot(std::vector<std::shared_ptr<Slot>> all) : slots(std::move(all)) {
  entries.reserve(slots.size());
  for (const auto& slot : slots) {
    entries.push_back({slot.get(), slot->direct_call()});
    if (slot->direct_call() != nullptr) slot->count_through(calls);
  }
}

Channel::Snapshot::~Snapshot() {
  for (const auto& slot : slots) {
    if (slot->direct_call() != nullptr) slot->fold(calls);
  }
}

Channel::Channel(std::string_view type)
    : type_(type), owned_current_(std::make_unique<const Snapshot>(std::vector<std::shared_ptr<Slot>>{})) {
  current_.store(owned_current_.get(), std::memory_order_release);
}

Channel::~Channel() = default;

Channel::Stop Channel::call_directly(const Entry* e, const Entry* end, const void* envelope,
                                     ReaderRecord::PlainCalls calls) noexcept {
  for (; e != end; ++e) {
    calls.announce(*e->slot);
    if (!e->slot->active() || e->call == nullptr) [[unlikely]] return {e, false};
    if (!e->call(*e->slot, envelope)) [[unlikely]] return {e, true};
  }
  return {end, false};
}

Channel::Fanout Channel::publish_rest(const Snapshot& list, std::size_t next, bool threw, const void* envelope,
                                      ReaderRecord& record, std::uint32_t entry) {
  Calls calls(record, entry);
  Fanout out{next, 0};
  for (std::size_t i = 0; i < next - (threw ? 1 : 0); ++i) list.entries[i].slot->count_delivered(record);
  for (std::size_t i = next; i < list.entries.size(); ++i) {
    const Entry& e = list.entries[i];
    if (!calls.call(*e.slot)) continue;
    if (e.call == nullptr) {
      ++(e.slot->deliver(envelope, record) ? out.delivered : out.rejected);
      continue;
    }
    ++out.delivered;
    if (e.call(*e.slot, envelope)) e.slot->count_delivered(record);
  }
  return out;
}

void Channel::add(std::shared_ptr<Slot> slot) {
  std::vector<std::unique_ptr<const Snapshot>> done;
  {
    std::lock_guard lock(writer_mutex_);
    std::vector<std::shared_ptr<Slot>> slots = owned_current_->slots;
    slots.push_back(std::move(slot));
    done = replace_locked(std::make_unique<const Snapshot>(std::move(slots)));
  }
  reclaim(std::move(done));
}

void Channel::remove(const Slot* slot) {
  std::vector<std::unique_ptr<const Snapshot>> done;
  {
    std::lock_guard lock(writer_mutex_);
    std::vector<std::shared_ptr<Slot>> slots;
    slots.reserve(owned_current_->slots.size());
    for (const auto& s : owned_current_->slots) {
      if (s.get() != slot) slots.push_back(s);
    }
    done = replace_locked(std::make_unique<const Snapshot>(std::move(slots)));
  }
  reclaim(std::move(done));
}

// Installs `next`. Returns the retired snapshots to free once no reader holds them, or none when
// this thread is inside a delivery: it must not wait for readers (it may be one, or a reader may
// be waiting for its handler to return), so they stay for a later writer or the destructor.
std::vector<std::unique_ptr<const Channel::Snapshot>> Channel::replace_locked(
    std::unique_ptr<const Snapshot> next) {
  size_.store(next->slots.size(), std::memory_order_release);
  current_.store(next.get(), std::memory_order_seq_cst);
  retired_.push_back(std::move(owned_current_));
  owned_current_ = std::move(next);
  if (this_thread_delivering()) return {};
  return std::exchange(retired_, {});
}

// Frees `done` once every other thread that was reading this channel when the new snapshot went
// in has left it (a later reader loads the new one). Runs without the writer mutex, so a handler
// that subscribes meanwhile is not blocked.
void Channel::reclaim(std::vector<std::unique_ptr<const Snapshot>> done) {
  if (done.empty()) return;
  wait_for_readers(*this);
}

}  // namespace avx::events::detail
