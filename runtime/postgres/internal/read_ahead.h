#pragma once

// Reading $all ahead: when a reader got a full page, the next page's query is sent at once on a
// spare pool connection, so the server produces it while the reader handles this one. A reader
// asking for exactly that page gets it; a page that came back short (the reader was caught up
// when it was asked for) is thrown away and read afresh, so a reader woken by a later commit never
// gets an old answer. One page is kept ahead per store: another reader's full page takes the slot.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

#include "avx/events/result.h"
#include "runtime/postgres/internal/pg.h"
#include "runtime/postgres/internal/pool.h"

namespace avx::events::pg {

class ReadAhead {
 public:
  ReadAhead(Pool& pool, const char* sql) : pool_(pool), sql_(sql) {}
  ~ReadAhead();  // waits for a query in flight (a connection goes back to the pool idle)

  // The rows of the page (from, count) when it was read ahead and came back full.
  std::optional<Rows> take(std::uint64_t from, std::size_t count);
  // After a full page ending at `last`: asks for (last + 1, count) when a connection is spare.
  void start(std::uint64_t last, std::size_t count);

 private:
  struct Pending {
    std::unique_ptr<Pool::Lease> lease;
    std::uint64_t from = 0;
    std::size_t count = 0;
  };
  std::optional<Pending> take_pending();
  static void drain(Pending& p, const char* sql);

  Pool& pool_;
  const char* sql_;  // SELECT ... WHERE position >= $1 ORDER BY position LIMIT $2
  std::mutex mutex_;
  std::optional<Pending> pending_;
};

}  // namespace avx::events::pg
