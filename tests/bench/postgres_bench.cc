// The PostgreSQL event store against the same rows written by hand with libpq, in one binary,
// against one PostgreSQL 15 server the binary starts itself (Unix socket, temp dir, fsync off as
// in the tests: the numbers are the client's and the server's work, not the disk's).
//
//   bazel run -c opt //tests/bench:postgres_bench -- --benchmark_repetitions=5
//     --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true
// (one command line).

#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <postgresql/libpq-fe.h>

#include <avx/events.h>
#include <avx/events/postgres.h>

#include "tests/bench/store_workload.h"
#include "tests/schemas/orders.avx.h"
#include "tools/dev/postgres_server.h"

namespace {

// The store's table, by another name: the same columns, keys and indexes.
constexpr const char* kRawTable =
    "CREATE TABLE raw_events (position bigint PRIMARY KEY, stream text COLLATE \"C\" NOT NULL, version bigint NOT NULL, "
    "event_id text NOT NULL UNIQUE, type text NOT NULL, schema_version integer NOT NULL, timestamp_ns bigint NOT NULL, "
    "correlation_id text NOT NULL, causation_id text NOT NULL, payload bytea NOT NULL, UNIQUE (stream, version))";

struct World {
  avx::dev::PostgresServer server;
  std::unique_ptr<avx::events::EventStore> store;
  std::mutex raw_mutex;
  std::atomic<std::int64_t> raw_position{0};
  std::atomic<std::int64_t> raw_version{0};  // one stream per row is enough for the raw side's keys

  World() {
    store = std::move(*avx::events::open_postgres_store(server.conninfo()));
    PGconn* c = connect();
    PQclear(PQexec(c, kRawTable));
    PQclear(PQexec(c, "CREATE TABLE raw_head (id integer PRIMARY KEY, position bigint NOT NULL); "
                      "INSERT INTO raw_head VALUES (1, 0)"));
    PQfinish(c);
  }
  PGconn* connect() {
    PGconn* c = PQconnectdb(server.conninfo().c_str());
    if (PQstatus(c) != CONNECTION_OK) std::abort();
    return c;
  }
};

World& world() {
  static World w;
  return w;
}

using avx::bench::batch;

// Both sides write to 64 streams in turn.
std::string stream_for(std::uint64_t n) { return "s-" + std::to_string(n % 64); }

void BM_AvxPgStore_Append(benchmark::State& state) {
  auto& store = *world().store;
  std::uint64_t n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto events = batch(state.range(0));
    state.ResumeTiming();
    auto appended = store.append(stream_for(n++), avx::events::ExpectedVersion::any(), events);
    if (!appended) state.SkipWithError(appended.error().message().c_str());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AvxPgStore_Append)->Arg(1)->Arg(100)->UseRealTime();

// One multi-row INSERT of the batch (its own transaction), prepared once per batch size: what a
// careful hand-written writer does, with no version check, no idempotency and no global order
// beyond a counter.
class RawWriter {
 public:
  RawWriter() : c_(world().connect()) {}
  ~RawWriter() { PQfinish(c_); }

  bool insert(const std::vector<avx::events::EventData>& events, const std::string& stream) {
    fill(events, stream);
    PGresult* r = PQexecPrepared(c_, name_.c_str(), static_cast<int>(values_.size()), pointers_.data(),
                                 lengths_.data(), formats_.data(), 1);
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return ok;
  }

  // The same rows behind a lock on one head row, in one transaction and one round trip (a pipeline:
  // the head's UPDATE and the INSERT, committed at the sync): the least that a writer ordering
  // positions with a row lock does per group.
  bool insert_locked(const std::vector<avx::events::EventData>& events, const std::string& stream) {
    fill(events, stream);
    bool ok = PQenterPipelineMode(c_) == 1 &&
              PQsendQueryParams(c_, "UPDATE raw_head SET position = position + 1 WHERE id = 1", 0, nullptr, nullptr,
                                nullptr, nullptr, 1) == 1 &&
              PQsendQueryPrepared(c_, name_.c_str(), static_cast<int>(values_.size()), pointers_.data(),
                                  lengths_.data(), formats_.data(), 1) == 1 &&
              PQpipelineSync(c_) == 1;
    for (int result = 0; ok && result < 2; ++result) {
      PGresult* r = PQgetResult(c_);
      ok = PQresultStatus(r) == PGRES_COMMAND_OK;
      PQclear(r);
      PQclear(PQgetResult(c_));  // the null after each
    }
    PGresult* sync = PQgetResult(c_);
    ok = ok && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(sync);
    return PQexitPipelineMode(c_) == 1 && ok;
  }

 private:
  void fill(const std::vector<avx::events::EventData>& events, const std::string& stream) {
    const std::size_t n = events.size();
    if (sql_rows_ != n) prepare_sql(n);
    values_.clear();
    for (const auto& e : events) {
      values_.push_back(std::to_string(++world().raw_position));
      values_.push_back(stream);
      values_.push_back(std::to_string(++world().raw_version));
      values_.push_back(e.event_id.to_string());
      values_.push_back(e.type);
      values_.push_back(std::to_string(e.schema_version));
      values_.push_back(std::to_string(avx::events::to_nanos(e.timestamp)));
      values_.push_back(e.correlation_id);
      values_.push_back(e.causation_id);
      values_.push_back(e.payload);
    }
    pointers_.clear();
    lengths_.clear();
    formats_.clear();
    for (std::size_t i = 0; i < values_.size(); ++i) {
      pointers_.push_back(values_[i].data());
      lengths_.push_back(static_cast<int>(values_[i].size()));
      formats_.push_back(i % 10 == 9 ? 1 : 0);  // the payload as binary, like the store
    }
  }
  void prepare_sql(std::size_t n) {
    sql_ = "INSERT INTO raw_events VALUES ";
    for (std::size_t row = 0; row < n; ++row) {
      sql_ += row == 0 ? "(" : ",(";
      for (int col = 1; col <= 10; ++col) sql_ += (col == 1 ? "$" : ",$") + std::to_string(row * 10 + col);
      sql_ += ")";
    }
    sql_rows_ = n;
    name_ = "raw_insert_" + std::to_string(n);
    PQclear(PQprepare(c_, name_.c_str(), sql_.c_str(), static_cast<int>(n * 10), nullptr));
  }
  PGconn* c_;
  std::string sql_, name_;
  std::size_t sql_rows_ = 0;
  std::vector<std::string> values_;
  std::vector<const char*> pointers_;
  std::vector<int> lengths_, formats_;
};

void BM_Baseline_LibpqRaw(benchmark::State& state) {
  RawWriter raw;
  std::uint64_t n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto events = batch(state.range(0));
    state.ResumeTiming();
    if (!raw.insert(events, stream_for(n++))) state.SkipWithError("raw insert failed");
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Baseline_LibpqRaw)->Arg(1)->Arg(100)->UseRealTime();

// 8 threads appending one event each through one store (as a service's request threads do).
void BM_AvxPgStore_ConcurrentAppend(benchmark::State& state) {
  auto& store = *world().store;
  const std::string stream = "c-" + std::to_string(state.thread_index());
  for (auto _ : state) {
    auto events = batch(1);
    auto appended = store.append(stream, avx::events::ExpectedVersion::any(), events);
    if (!appended) state.SkipWithError(appended.error().message().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AvxPgStore_ConcurrentAppend)->Threads(8)->UseRealTime();

// 8 raw connections inserting one row each, concurrently.
void BM_Baseline_LibpqRaw8Connections(benchmark::State& state) {
  RawWriter raw;
  const std::string stream = "r-" + std::to_string(state.thread_index());
  for (auto _ : state) {
    auto events = batch(1);
    if (!raw.insert(events, stream)) state.SkipWithError("raw insert failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_LibpqRaw8Connections)->Threads(8)->UseRealTime();

// The ceiling of any store that orders positions with one row lock (as this one does): one
// connection writing the 8 appenders' events as perfect groups of 8 rows, each group behind the
// lock, with no client-side queue, hand-off or check. Items: events.
void BM_Ceiling_LibpqLockedGroupsOf8(benchmark::State& state) {
  RawWriter raw;
  for (auto _ : state) {
    state.PauseTiming();
    auto events = batch(8);
    state.ResumeTiming();
    if (!raw.insert_locked(events, "g")) state.SkipWithError("raw insert failed");
  }
  state.SetItemsProcessed(state.iterations() * 8);
}
BENCHMARK(BM_Ceiling_LibpqLockedGroupsOf8)->UseRealTime();

// $all replay: read every event and decode it (generated code, version 2 as stored).
void BM_AvxPgStore_ReplayDecode(benchmark::State& state) {
  static std::unique_ptr<avx::events::EventStore> store = [] {
    PGconn* c = world().connect();
    PQclear(PQexec(c, "CREATE SCHEMA IF NOT EXISTS replay"));
    PQfinish(c);
    auto s = std::move(*avx::events::open_postgres_store(world().server.conninfo() + " options='-csearch_path=replay'"));
    avx::bench::fill_orders(*s, 100000, /*old_version=*/false);
    return s;
  }();
  avx::bench::replay_orders(state, *store);
}
BENCHMARK(BM_AvxPgStore_ReplayDecode)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
