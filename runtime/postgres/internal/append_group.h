#pragma once

// Group commit: the appends that arrive while one is being written are written together, in one
// transaction of two round trips (libpq pipelines): the checks (lock the head, look up the ids and
// the streams' versions), then the writes (every event in multi-row INSERTs, the streams, the head,
// the NOTIFY, COMMIT). Each append keeps its own outcome: one with a wrong expected version fails
// alone while the others commit.

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "avx/events/result.h"
#include "avx/events/store.h"
#include "runtime/postgres/internal/pg.h"

namespace avx::events::pg {

struct AppendRequest {
  std::string_view stream;
  ExpectedVersion expected = ExpectedVersion::any();
  std::span<const EventData> events;
  Result<AppendResult> result = AppendResult{};
  std::vector<RecordedEvent> committed;  // what it stored, once the group committed
  bool done = false;                     // set by the store once its group was written
};

// What the writer knows from its own commits: the head and the streams' versions after them. A
// group whose streams are all known skips the look-ups and is written in one round trip. Another
// process's append makes this knowledge wrong; the database's keys then refuse the group's rows
// (its first position, or a stream's next version, is taken), and the group is written the
// careful way, which also learns what is true again.
struct KnownState {
  bool valid = false;
  std::uint64_t head = 0;
  std::map<std::string, std::uint64_t, std::less<>> versions;
  std::uint32_t careful = 0;  // groups still to write the careful way after a wrong guess
};

// Runs `group` in one transaction on `db`. An error means that the transaction failed as a whole
// (nothing of it committed; requests' results are then meaningless); otherwise each request has
// its result, and `committed` what it stored.
Status commit_group(Connection& db, std::span<AppendRequest* const> group, KnownState& known);

}  // namespace avx::events::pg
