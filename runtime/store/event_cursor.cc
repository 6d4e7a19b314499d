#include "avx/events/event_cursor.h"

#include <algorithm>

namespace avx::events {

EventCursor::EventCursor(EventStore& store, std::optional<std::string> stream, std::uint64_t from,
                         std::size_t page_size)
    : store_(store), stream_(std::move(stream)), next_(std::max<std::uint64_t>(from, 1)),
      page_size_(std::max<std::size_t>(page_size, 1)) {}

EventCursor EventCursor::all(EventStore& store, std::uint64_t from, std::size_t page_size) {
  return EventCursor(store, std::nullopt, from, page_size);
}

EventCursor EventCursor::stream(EventStore& store, std::string stream, std::uint64_t from, std::size_t page_size) {
  return EventCursor(store, std::move(stream), from, page_size);
}

Status EventCursor::next(std::size_t max_count) {
  const std::size_t want = std::clamp<std::size_t>(max_count, 1, page_size_);
  Status read = stream_ ? store_.read_stream_into(*stream_, next_, want, Direction::kForward, page_)
                        : store_.read_all_into(next_, want, page_);
  if (!read) {
    page_.clear();
    return read;
  }
  caught_up_ = page_.size() < want;
  if (!page_.empty()) next_ = key(page_.back()) + 1;
  return {};
}

}  // namespace avx::events
