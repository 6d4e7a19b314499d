#include "avx/events/detail/channel_table.h"

#include <mutex>
#include <stdexcept>

namespace avx::events::detail {

ChannelTable::~ChannelTable() {
  for (std::size_t i = 1; i < kChunks; ++i) delete chunks_[i].load(std::memory_order_relaxed);
}

std::shared_ptr<Channel> ChannelTable::get_or_create(std::size_t id, std::string_view type) {
  if (id >= kChunkSize * kChunks) throw std::length_error("avx::events: too many event types");
  std::lock_guard lock(mutex_);
  std::atomic<Chunk*>& chunk_ref = chunks_[id / kChunkSize];
  Chunk* chunk = chunk_ref.load(std::memory_order_relaxed);
  if (chunk == nullptr) {
    chunk = new Chunk{};
    chunk_ref.store(chunk, std::memory_order_release);
  }
  Cell& cell = (*chunk)[id % kChunkSize];
  if (Channel* existing = cell.channel.load(std::memory_order_relaxed)) {
    for (const auto& owned : owned_) {
      if (owned.get() == existing) return owned;
    }
  }
  auto channel = std::make_shared<Channel>(type);
  cell.published.store(channel->published_counter(), std::memory_order_relaxed);
  cell.channel.store(channel.get(), std::memory_order_release);
  owned_.push_back(channel);
  return channel;
}

Channel& ChannelTable::counted_first(std::size_t id, std::string_view type, ReaderRecord& record) {
  Channel& channel = *get_or_create(id, type);  // the table keeps it
  record.add(channel.published_counter());
  return channel;
}

std::vector<PublishedCount> ChannelTable::published_counts() const {
  std::lock_guard lock(mutex_);
  std::vector<PublishedCount> out;
  for (const auto& channel : owned_) {
    out.push_back({channel->type(), channel->published()});
  }
  return out;
}

}  // namespace avx::events::detail
