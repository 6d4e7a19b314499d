#pragma once

// EventCursor: reads one stream, or every stream, forward in pages and remembers where it is.
//
//   EventCursor cursor = EventCursor::all(store, 1);
//   while (true) {
//     if (auto read = cursor.next(); !read) return read;
//     for (const RecordedEvent& e : cursor.page()) ...;
//     if (cursor.caught_up()) break;  // or wait, and call next() again for what came since
//   }
//
// One page buffer is reused from read to read.

#include <cstdint>
#include <optional>
#include <string>

#include "avx/events/store.h"

namespace avx::events {

class EventCursor {
 public:
  // From global position `from` (at least 1).
  static EventCursor all(EventStore& store, std::uint64_t from, std::size_t page_size = 1024);
  // From version `from` (at least 1) of `stream`.
  static EventCursor stream(EventStore& store, std::string stream, std::uint64_t from, std::size_t page_size = 1024);

  // Reads the next page, up to `max_count` events (at most the page size). The page is empty when
  // nothing was stored past the cursor; calling again later sees what was appended since.
  Status next(std::size_t max_count = SIZE_MAX);

  // Moves the cursor to `from` (at least 1).
  void seek(std::uint64_t from) { next_ = from < 1 ? 1 : from; }

  const EventPage& page() const { return page_; }
  // Whether the last page was short: everything stored at that moment has been read.
  bool caught_up() const { return caught_up_; }
  // The version (one stream) or global position (all) the next read starts at.
  std::uint64_t next_key() const { return next_; }
  // An event's key in this cursor's order: its version for one stream, its position for all.
  std::uint64_t key(const RecordedEvent& e) const { return stream_ ? e.version : e.position; }

 private:
  EventCursor(EventStore& store, std::optional<std::string> stream, std::uint64_t from, std::size_t page_size);

  EventStore& store_;
  std::optional<std::string> stream_;
  std::uint64_t next_;
  std::size_t page_size_;
  EventPage page_;
  bool caught_up_ = false;
};

}  // namespace avx::events
