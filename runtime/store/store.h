#pragma once

// EventStore: streams of events with optimistic concurrency, and one global order.
//
// A stream's events have versions 1, 2, 3...; a stream's version is its number of events (0: no
// stream). Every stored event also has a global position 1, 2, 3... across all streams, in commit
// order. Backends: make_memory_store() for tests,
// open_sqlite_store() (avx/events/sqlite.h) for the durable default.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "avx/events/event_id.h"
#include "avx/events/origin.h"
#include "avx/events/result.h"
#include "avx/events/time.h"

namespace avx::events {

// What the writer believes about the stream; the append fails with Errc::kConflict (carrying the
// actual version) when it is wrong.
class ExpectedVersion {
 public:
  static ExpectedVersion any() { return ExpectedVersion(Kind::kAny, 0); }
  static ExpectedVersion no_stream() { return ExpectedVersion(Kind::kExact, 0); }
  static ExpectedVersion stream_exists() { return ExpectedVersion(Kind::kStreamExists, 0); }
  static ExpectedVersion exact(std::uint64_t version) { return ExpectedVersion(Kind::kExact, version); }

  // Whether a stream at `actual` satisfies this expectation.
  bool allows(std::uint64_t actual) const;
  std::string to_string() const;

 private:
  enum class Kind { kAny, kStreamExists, kExact };
  ExpectedVersion(Kind kind, std::uint64_t version) : kind_(kind), version_(version) {}
  Kind kind_;
  std::uint64_t version_;
};

// An event to append. The id makes appends idempotent: appending the same ids again at the same
// place succeeds without writing twice.
struct EventData {
  EventId event_id;
  std::string type;  // e.g. "shop.orders.OrderPlaced"
  std::uint32_t schema_version = 1;
  std::string payload;  // Cap'n Proto binary of the event
  Timestamp timestamp{};  // now() when left empty
  std::string correlation_id;
  std::string causation_id;
  Origin origin;  // user, source service, headers (within check_origin's limits)
};

struct RecordedEvent {
  std::string stream;
  std::uint64_t version = 0;   // in its stream, from 1
  std::uint64_t position = 0;  // global, from 1
  EventId event_id;
  std::string type;
  std::uint32_t schema_version = 1;
  Timestamp timestamp{};
  std::string correlation_id;
  std::string causation_id;
  Origin origin;
  std::string payload;

  bool operator==(const RecordedEvent&) const = default;
};

// The state of an aggregate after `version` events of its stream, so loading reads only the tail.
struct Snapshot {
  std::string stream;
  std::uint64_t version = 0;
  std::string type;  // the state's kType
  std::uint32_t schema_version = 1;  // generated aggregates: the state's shape (kStateShape)
  std::string payload;  // Cap'n Proto binary of the state
  Timestamp taken_at{};

  bool operator==(const Snapshot&) const = default;
};

struct AppendResult {
  std::uint64_t version = 0;        // the stream's version after the append
  std::uint64_t last_position = 0;  // global position of the last event appended
};

enum class Direction { kForward, kBackward };

// A page of events read from a store. Reading into the same page again reuses its events' buffers,
// so a reader paging through a store allocates only while events grow.
class EventPage {
 public:
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const RecordedEvent* begin() const { return events_.data(); }
  const RecordedEvent* end() const { return events_.data() + size_; }
  const RecordedEvent& operator[](std::size_t i) const { return events_[i]; }
  const RecordedEvent& back() const { return events_[size_ - 1]; }
  // The events, leaving the page empty.
  std::vector<RecordedEvent> take();

  // For backends: forget the events but keep their buffers; then fill next_slot() per event.
  void clear() { size_ = 0; }
  RecordedEvent& next_slot();

 private:
  std::vector<RecordedEvent> events_;  // the first size_ are the page; the rest are spare buffers
  std::size_t size_ = 0;
};

class EventStore {
 public:
  virtual ~EventStore() = default;

  // Atomic for the batch: all events are stored, or none. Fails on an invalid stream name, a
  // wrong expected version (kConflict: actual_version(error) says the stream's), or an event id stored elsewhere.
  virtual Result<AppendResult> append(std::string_view stream, ExpectedVersion expected,
                                      std::span<const EventData> events) = 0;

  // Up to `max_count` events of `stream` into `page`: forward from version `from` (inclusive), or
  // backward from `from` (inclusive; 0 reads from the end). An absent stream reads as empty.
  virtual Status read_stream_into(std::string_view stream, std::uint64_t from, std::size_t max_count,
                                  Direction direction, EventPage& page) = 0;
  // Up to `max_count` events of every stream into `page`, from global position `from` (inclusive).
  virtual Status read_all_into(std::uint64_t from, std::size_t max_count, EventPage& page) = 0;

  // The same, as a vector of their own (an EventCursor pages through a store without allocating).
  Result<std::vector<RecordedEvent>> read_stream(std::string_view stream, std::uint64_t from, std::size_t max_count,
                                                 Direction direction = Direction::kForward);
  Result<std::vector<RecordedEvent>> read_all(std::uint64_t from, std::size_t max_count);

  // The stream's version (0 when it does not exist).
  virtual Result<std::uint64_t> stream_version(std::string_view stream) = 0;
  // The global position of the last stored event (0 when empty).
  virtual Result<std::uint64_t> head_position() = 0;

  // Streams and their versions, by name, from `after` (exclusive; empty: the first), up to `max_count`.
  struct StreamInfo {
    std::string name;
    std::uint64_t version = 0;
  };
  virtual Result<std::vector<StreamInfo>> streams(std::string_view after, std::size_t max_count) = 0;

  // Keeps the latest snapshot per stream (an older version than the stored one is ignored).
  virtual Status save_snapshot(const Snapshot& snapshot) = 0;
  virtual Result<std::optional<Snapshot>> load_snapshot(std::string_view stream) = 0;

  // Where a named reader of $all (a relay, a projection) got to, kept with the events so that it
  // survives restarts: the position of the last event it finished. load_checkpoint is 0 for a
  // name never saved. A read-only store refuses to save.
  virtual Status save_checkpoint(std::string_view name, std::uint64_t position) = 0;
  virtual Result<std::uint64_t> load_checkpoint(std::string_view name) = 0;

  // Called after every commit with the events it stored, in position order, on the committing
  // thread. A listener must be quick and must not append (catch-up subscriptions only queue what
  // they are given); it may add and remove listeners. An empty list means that events were
  // committed that the listener is not shown (it was added while they were being written): read
  // the store from where you are. After remove_commit_listener returns, the listener is not
  // running (except when it removes itself) and is not called again.
  using CommitListener = std::function<void(const std::vector<RecordedEvent>&)>;
  virtual std::uint64_t add_commit_listener(CommitListener listener) = 0;
  virtual void remove_commit_listener(std::uint64_t id) = 0;
};

// On a kConflict from append: the stream's version when the append was refused (0: the stream
// does not exist). nullopt for any other error.
std::optional<std::uint64_t> actual_version(const Error& error);

// Stream names: 1 to 256 bytes of printable ASCII without spaces ([!-~]).
Status validate_stream_name(std::string_view stream);

// The largest payload (event or snapshot) a store takes unless told otherwise: a larger one is
// refused with kInvalidArgument naming the event, before anything is written.
inline constexpr std::size_t kDefaultMaxPayloadBytes = std::size_t{64} << 20;

std::unique_ptr<EventStore> make_memory_store(std::size_t max_payload_bytes = kDefaultMaxPayloadBytes);

}  // namespace avx::events
