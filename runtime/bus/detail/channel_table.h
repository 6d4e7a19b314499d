#pragma once

// Channels of a bus indexed by type id: lock-free lookup on publish, creation under a mutex.
// Chunks are allocated on first use, so a bus with few event types stays small.

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "avx/events/delivery.h"
#include "avx/events/detail/channel.h"

namespace avx::events::detail {

class ChannelTable {
 public:
  static constexpr std::size_t kChunkSize = 256;
  static constexpr std::size_t kChunks = 256;  // up to 65,536 event types per process

  ChannelTable() { chunks_[0].store(&first_chunk_, std::memory_order_relaxed); }
  ~ChannelTable();
  ChannelTable(const ChannelTable&) = delete;
  ChannelTable& operator=(const ChannelTable&) = delete;

  // The channel of type `id`, made on first use (`type`: its kType, static storage), with this
  // publish counted on `record`. The first chunk is part of the table: a program's first 256
  // event types are one load away, and each cell holds its channel's publish counter beside it, so
  // counting does not wait for the channel to load.
  [[gnu::always_inline]] Channel& counted(std::size_t id, std::string_view type, ReaderRecord& record) {
    const Cell* cell = id < kChunkSize ? &first_chunk_[id] : find_cell(id);
    Channel* channel = cell != nullptr ? cell->channel.load(std::memory_order_acquire) : nullptr;
    if (channel == nullptr) [[unlikely]] return counted_first(id, type, record);
    record.add(cell->published.load(std::memory_order_relaxed));
    return *channel;
  }

  // Creates the channel on first use. Subscriptions keep it alive through the returned pointer.
  // `type` names the event type (its kType: static storage).
  std::shared_ptr<Channel> get_or_create(std::size_t id, std::string_view type);

  std::vector<PublishedCount> published_counts() const;

 private:
  struct Cell {
    std::atomic<Channel*> channel{nullptr};
    std::atomic<std::uint32_t> published{0};  // channel->published_counter(), stored before channel
  };
  using Chunk = std::array<Cell, kChunkSize>;

  const Cell* find_cell(std::size_t id) const {
    if (id >= kChunkSize * kChunks) return nullptr;
    Chunk* chunk = chunks_[id / kChunkSize].load(std::memory_order_acquire);
    return chunk ? &(*chunk)[id % kChunkSize] : nullptr;
  }
  [[gnu::noinline]] Channel& counted_first(std::size_t id, std::string_view type, ReaderRecord& record);

  std::array<std::atomic<Chunk*>, kChunks> chunks_{};  // [0]: first_chunk_
  Chunk first_chunk_{};
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<Channel>> owned_;
};

}  // namespace avx::events::detail
