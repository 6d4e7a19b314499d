// EventPage, and the vector-returning reads every backend gets from its paged ones.

#include "avx/events/store.h"

namespace avx::events {

RecordedEvent& EventPage::next_slot() {
  if (size_ == events_.size()) events_.emplace_back();
  return events_[size_++];
}

std::vector<RecordedEvent> EventPage::take() {
  std::vector<RecordedEvent> out = std::move(events_);
  out.resize(size_);
  events_.clear();
  size_ = 0;
  return out;
}

Result<std::vector<RecordedEvent>> EventStore::read_stream(std::string_view stream, std::uint64_t from,
                                                           std::size_t max_count, Direction direction) {
  EventPage page;
  if (auto read = read_stream_into(stream, from, max_count, direction, page); !read) return Unexpected{read.error()};
  return page.take();
}

Result<std::vector<RecordedEvent>> EventStore::read_all(std::uint64_t from, std::size_t max_count) {
  EventPage page;
  if (auto read = read_all_into(from, max_count, page); !read) return Unexpected{read.error()};
  return page.take();
}

}  // namespace avx::events
