#include "runtime/postgres/internal/read_ahead.h"

namespace avx::events::pg {

ReadAhead::~ReadAhead() {
  if (auto p = take_pending()) drain(*p, sql_);
}

std::optional<ReadAhead::Pending> ReadAhead::take_pending() {
  std::lock_guard lock(mutex_);
  std::optional<Pending> p = std::move(pending_);
  pending_.reset();
  return p;
}

void ReadAhead::drain(Pending& p, const char* sql) { (void)(*p.lease)->receive(sql); }

std::optional<Rows> ReadAhead::take(std::uint64_t from, std::size_t count) {
  std::optional<Pending> p = take_pending();
  if (!p) return std::nullopt;
  auto rows = (*p->lease)->receive(sql_);
  if (p->from != from || p->count != count || !rows || static_cast<std::size_t>(rows->size()) != count) {
    return std::nullopt;
  }
  return std::move(*rows);
}

void ReadAhead::start(std::uint64_t last, std::size_t count) {
  if (auto stale = take_pending()) drain(*stale, sql_);
  std::unique_ptr<Pool::Lease> lease = pool_.try_lease();
  if (!lease) return;
  Pending p{std::move(lease), last + 1, count};
  if (!(*p.lease)->send_only({sql_, {natural(p.from), natural(count)}})) return;
  std::lock_guard lock(mutex_);
  pending_ = std::move(p);
}

}  // namespace avx::events::pg
