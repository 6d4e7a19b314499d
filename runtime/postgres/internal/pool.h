#pragma once

// A few connections for reads, so that readers neither wait for each other one at a time nor
// ever hold up the writer (which has a connection of its own). A read leases a connection and
// gives it back when the lease goes; with every connection leased, it waits for one.

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "avx/events/result.h"
#include "runtime/postgres/internal/pg.h"

namespace avx::events::pg {

class Pool {
 public:
  static Result<std::unique_ptr<Pool>> open(const std::string& conninfo, std::size_t size, bool read_only);

  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> connection) : pool_(pool), connection_(std::move(connection)) {}
    ~Lease() { pool_.give_back(std::move(connection_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection* operator->() const { return connection_.get(); }

   private:
    Pool& pool_;
    std::unique_ptr<Connection> connection_;
  };
  Lease lease();
  // A lease kept for a while (reading ahead), or null at once when every connection is leased.
  std::unique_ptr<Lease> try_lease();

 private:
  void give_back(std::unique_ptr<Connection> connection);

  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace avx::events::pg
