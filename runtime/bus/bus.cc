#include <atomic>
#include <thread>

#include "avx/events/detail/channel_table.h"
#include "avx/events/detail/type_id.h"
#include "avx/events/detail/typed_slots.h"

namespace avx::events::detail {

std::size_t next_type_id() {
  static std::atomic<std::size_t> next{0};
  return next.fetch_add(1, std::memory_order_relaxed);
}

CallFrame*& call_frames() {
  thread_local CallFrame* top = nullptr;
  return top;
}

void Slot::wait_for_calls() const {
  std::int64_t own = 0;
  for (const CallFrame* f = call_frames(); f != nullptr; f = f->outer) own += f->slot == this ? 1 : 0;
  while (calls_.load(std::memory_order_seq_cst) > own) std::this_thread::yield();
}

SubscriptionStats Slot::stats() const {
  SubscriptionStats s;
  s.delivered = delivered_.load(std::memory_order_relaxed);
  s.failed = failed_.load(std::memory_order_relaxed);
  return s;
}

ChannelTable::~ChannelTable() {
  for (auto& chunk : chunks_) delete chunk.load(std::memory_order_relaxed);
}

std::shared_ptr<Channel> ChannelTable::get_or_create(std::size_t id) {
  if (id >= kChunkSize * kChunks) throw std::length_error("avx::events: too many event types");
  std::lock_guard lock(mutex_);
  std::atomic<Chunk*>& chunk_ref = chunks_[id / kChunkSize];
  Chunk* chunk = chunk_ref.load(std::memory_order_relaxed);
  if (chunk == nullptr) {
    chunk = new Chunk{};
    chunk_ref.store(chunk, std::memory_order_release);
  }
  std::atomic<Channel*>& slot = (*chunk)[id % kChunkSize];
  if (Channel* existing = slot.load(std::memory_order_relaxed)) {
    for (const auto& owned : owned_) {
      if (owned.get() == existing) return owned;
    }
  }
  auto channel = std::make_shared<Channel>();
  slot.store(channel.get(), std::memory_order_release);
  owned_.push_back(channel);
  return channel;
}

}  // namespace avx::events::detail
