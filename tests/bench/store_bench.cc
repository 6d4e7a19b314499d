// The SQLite event store against plain prepared inserts into the same kind of table, with the same
// durability (WAL, synchronous=FULL), in the same binary.
//
//   bazel run -c opt //tests/bench:store_bench -- --benchmark_repetitions=5
//     --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true
// (one command line).

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <avx/events.h>

#include "tests/bench/store_workload.h"
#include "tests/schemas/orders.avx.h"

namespace {

namespace fs = std::filesystem;

std::string bench_path(const std::string& name) {
  return (fs::temp_directory_path() / ("avx-bench-" + name + ".db")).string();
}

std::string fresh_path(const std::string& name) {
  std::string path = bench_path(name);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  return path;
}

using avx::bench::batch;
using avx::bench::kPayload;

// The id as the store writes it (big-endian), so both sides insert into the UNIQUE index alike.
std::array<char, 16> id_bytes(const avx::events::EventId& id) {
  std::array<char, 16> out{};
  for (int i = 0; i < 8; ++i) {
    out[i] = static_cast<char>(id.high() >> (56 - 8 * i));
    out[8 + i] = static_cast<char>(id.low() >> (56 - 8 * i));
  }
  return out;
}

constexpr const char* kRawTable =
    "CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, version INTEGER NOT NULL, "
    "event_id BLOB NOT NULL UNIQUE, type TEXT NOT NULL, schema_version INTEGER NOT NULL, timestamp INTEGER NOT NULL, "
    "correlation_id TEXT NOT NULL, causation_id TEXT NOT NULL, payload BLOB NOT NULL, UNIQUE (stream, version))";
constexpr const char* kRawInsert = "INSERT INTO events VALUES (?, ?, ?, ?, ?, 1, ?, '', '', ?)";

// One row as the store writes it, bound without copies.
void insert_raw(SQLite::Statement& insert, const avx::events::EventData& e, const std::string& stream,
                std::int64_t position, std::int64_t version) {
  auto id = id_bytes(e.event_id);
  insert.bind(1, position);
  insert.bindNoCopy(2, stream);
  insert.bind(3, version);
  insert.bindNoCopy(4, static_cast<const void*>(id.data()), 16);
  insert.bindNoCopy(5, e.type);
  insert.bind(6, avx::events::to_nanos(e.timestamp));
  insert.bindNoCopy(7, static_cast<const void*>(e.payload.data()), static_cast<int>(e.payload.size()));
  insert.exec();
  insert.reset();
}

// Both sides write to the same 64 streams in turn, so both grow the (stream, version) index alike.
constexpr std::size_t kStreams = 64;
std::string stream_name_for(std::uint64_t n) { return "s-" + std::to_string(n % kStreams); }

void BM_AvxStore_Append(benchmark::State& state) {
  auto store = std::move(*avx::events::open_sqlite_store(fresh_path("append")));
  const int n = static_cast<int>(state.range(0));
  std::uint64_t stream = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto events = batch(n, kPayload);
    state.ResumeTiming();
    auto r = store->append(stream_name_for(stream++), avx::events::ExpectedVersion::any(), events);
    if (!r) state.SkipWithError(r.error().message().c_str());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_AvxStore_Append)->Arg(1)->Arg(100)->Arg(1000)->UseRealTime();

// The baseline: what the store writes per event, as plain prepared inserts (without copies of the
// bound values), one transaction per batch.
void BM_Baseline_SqliteRaw(benchmark::State& state) {
  SQLite::Database db(fresh_path("raw"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=FULL");
  db.exec(kRawTable);
  SQLite::Statement insert(db, kRawInsert);
  const int n = static_cast<int>(state.range(0));
  std::int64_t position = 0;
  std::vector<std::int64_t> versions(kStreams);
  std::uint64_t stream = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto events = batch(n, kPayload);
    const std::string stream_name = stream_name_for(stream);
    std::int64_t& version = versions[stream++ % kStreams];
    state.ResumeTiming();
    SQLite::Transaction tx(db);
    for (const auto& e : events) insert_raw(insert, e, stream_name, ++position, ++version);
    tx.commit();
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_Baseline_SqliteRaw)->Arg(1)->Arg(100)->Arg(1000)->UseRealTime();

// The ceiling for BM_AvxStore_ConcurrentAppend: what a perfect group commit of its 8 threads
// writes, 8 events to 8 streams in one transaction, from one thread with no handoffs.
void BM_Baseline_SqliteRaw8Streams(benchmark::State& state) {
  SQLite::Database db(fresh_path("raw8"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=FULL");
  db.exec(kRawTable);
  SQLite::Statement insert(db, kRawInsert);
  std::int64_t position = 0, version = 0;
  const std::string names[8] = {"t-0", "t-1", "t-2", "t-3", "t-4", "t-5", "t-6", "t-7"};
  for (auto _ : state) {
    state.PauseTiming();
    auto events = batch(8, kPayload);
    state.ResumeTiming();
    SQLite::Transaction tx(db);
    ++version;
    for (int i = 0; i < 8; ++i) insert_raw(insert, events[i], names[i], ++position, version);
    tx.commit();
  }
  state.SetItemsProcessed(state.iterations() * 8);
}
BENCHMARK(BM_Baseline_SqliteRaw8Streams)->UseRealTime();

// 8 threads appending one event each: the single writer folds waiting appends into one commit.
void BM_AvxStore_ConcurrentAppend(benchmark::State& state) {
  static std::unique_ptr<avx::events::EventStore> store;
  if (state.thread_index() == 0) store = std::move(*avx::events::open_sqlite_store(fresh_path("concurrent")));
  // Google Benchmark starts the timing loop of all threads together, after thread 0's setup.
  std::string stream = "t-" + std::to_string(state.thread_index());
  for (auto _ : state) {
    auto r = store->append(stream, avx::events::ExpectedVersion::any(), batch(1, kPayload));
    if (!r) state.SkipWithError(r.error().message().c_str());
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) store.reset();
}
BENCHMARK(BM_AvxStore_ConcurrentAppend)->Threads(8)->UseRealTime();

// The ceiling of BM_AvxStore_ConcurrentAppend for any store whose appenders wait for their own
// commit: the same 8 threads, each handing one row at a time to a writer thread, which gathers as
// the store does (as many as the last group, waiting up to 200 us), inserts them with plain
// prepared inserts in one transaction and wakes the appenders. No checks, no savepoints, no
// version or position queries: what is left is the handoff both ways, and the commit.
class RawGroupWriter {
 public:
  RawGroupWriter() : db_(fresh_path("rawgroup"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {
    db_.exec("PRAGMA journal_mode=WAL");
    db_.exec("PRAGMA synchronous=FULL");
    db_.exec(kRawTable);
    thread_ = std::thread([this] { run(); });
  }
  ~RawGroupWriter() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    queued_.notify_one();
    thread_.join();
  }

  void append(const avx::events::EventData& event, const std::string& stream) {
    Request request{&event, &stream, false};
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(&request);
    }
    queued_.notify_one();
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return request.done; });
  }

 private:
  struct Request {
    const avx::events::EventData* event;
    const std::string* stream;
    bool done;
  };

  void run() {
    SQLite::Statement insert(db_, kRawInsert);
    std::map<std::string, std::int64_t> versions;
    std::int64_t position = 0;
    std::size_t last = 1;
    while (true) {
      std::vector<Request*> group;
      {
        std::unique_lock lock(mutex_);
        queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        if (last > 1 && queue_.size() < last) {
          queued_.wait_for(lock, std::chrono::microseconds(200), [&] { return stopping_ || queue_.size() >= last; });
        }
        group.swap(queue_);
      }
      last = group.size();
      SQLite::Transaction tx(db_);
      for (Request* r : group) insert_raw(insert, *r->event, *r->stream, ++position, ++versions[*r->stream]);
      tx.commit();
      {
        std::lock_guard lock(mutex_);
        for (Request* r : group) r->done = true;
      }
      done_.notify_all();
    }
  }

  SQLite::Database db_;
  std::mutex mutex_;
  std::condition_variable queued_, done_;
  std::vector<Request*> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

void BM_Baseline_SqliteRawGroupCommit(benchmark::State& state) {
  static std::unique_ptr<RawGroupWriter> writer;
  if (state.thread_index() == 0) writer = std::make_unique<RawGroupWriter>();
  std::string stream = "t-" + std::to_string(state.thread_index());
  for (auto _ : state) {
    auto events = batch(1, kPayload);
    writer->append(events[0], stream);
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) writer.reset();
}
BENCHMARK(BM_Baseline_SqliteRawGroupCommit)->Threads(8)->UseRealTime();

std::unique_ptr<avx::events::EventStore> filled_store(const std::string& name, int events, bool old_version) {
  auto store = std::move(*avx::events::open_sqlite_store(fresh_path(name)));
  avx::bench::fill_orders(*store, events, old_version);
  return store;
}

void BM_AvxStore_ReadAll(benchmark::State& state) {
  auto store = filled_store("readall", 100000, false);
  std::int64_t read = 0;
  for (auto _ : state) {
    auto cursor = avx::events::EventCursor::all(*store, 1, 4096);
    do {
      if (auto next = cursor.next(); !next) state.SkipWithError(next.error().message().c_str());
      read += static_cast<std::int64_t>(cursor.page().size());
    } while (!cursor.caught_up());
  }
  state.SetItemsProcessed(read);
}
BENCHMARK(BM_AvxStore_ReadAll)->Unit(benchmark::kMillisecond)->UseRealTime();

// The ceiling for BM_AvxStore_ReadAll: the same rows of the same file read with SQLite's C API
// alone, in pages of 4096, every column copied into reused strings as a page of RecordedEvents
// holds them (no event id or timestamp conversion, no headers check).
void BM_Baseline_SqliteRawReadAll(benchmark::State& state) {
  auto store = filled_store("rawreadall", 100000, false);
  sqlite3* db = nullptr;
  sqlite3_open_v2(bench_path("rawreadall").c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  sqlite3_exec(db, "PRAGMA mmap_size=268435456", nullptr, nullptr, nullptr);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT stream, version, position, event_id, type, schema_version, timestamp, correlation_id, "
                     "causation_id, user_id, source, headers, payload FROM events WHERE position >= ? "
                     "ORDER BY position LIMIT ?",
                     -1, &q, nullptr);
  std::vector<std::array<std::string, 9>> page(4096);
  std::int64_t read = 0, sum = 0;
  for (auto _ : state) {
    std::int64_t from = 1;
    for (bool more = true; more;) {
      sqlite3_bind_int64(q, 1, from);
      sqlite3_bind_int64(q, 2, 4096);
      std::size_t rows = 0;
      while (sqlite3_step(q) == SQLITE_ROW) {
        auto& row = page[rows++];
        int text = 0;
        for (int column : {0, 3, 4, 7, 8, 9, 10, 11, 12}) {
          const void* bytes = sqlite3_column_blob(q, column);
          const auto size = static_cast<std::size_t>(sqlite3_column_bytes(q, column));
          row[text++].assign(static_cast<const char*>(bytes), size);
        }
        for (int column : {1, 2, 5, 6}) sum += sqlite3_column_int64(q, column);
        from = sqlite3_column_int64(q, 2) + 1;
      }
      sqlite3_reset(q);
      read += static_cast<std::int64_t>(rows);
      more = rows == 4096;
    }
  }
  benchmark::DoNotOptimize(sum);
  sqlite3_finalize(q);
  sqlite3_close(db);
  state.SetItemsProcessed(read);
}
BENCHMARK(BM_Baseline_SqliteRawReadAll)->Unit(benchmark::kMillisecond)->UseRealTime();

// Read every event, decode version 1 and upcast it to version 2 through the generated chain.
void BM_AvxStore_ReplayUpcast(benchmark::State& state) {
  auto store = filled_store("replay", 100000, true);
  avx::bench::replay_orders(state, *store);
}
BENCHMARK(BM_AvxStore_ReplayUpcast)->Unit(benchmark::kMillisecond)->UseRealTime();

// A replayed event's decode alone, without SQLite: one stored OrderPlaced v1 read as today's
// OrderPlaced through the registry (found by type and version, decoded, upcast), beside the same
// decode and upcast called directly, as code that knows the event's version could.
avx::events::RecordedEvent stored_order_v1() {
  avx::events::RecordedEvent e;
  e.stream = "s-0";
  e.version = e.position = 1;
  e.type = std::string(tests::orders::OrderPlaced::kType);
  e.schema_version = 1;
  e.payload = avx::events::encode(tests::orders::OrderPlacedV1{"o-1", "c-1", {}, {100, {}}});
  return e;
}

void BM_Baseline_DecodeThenUpcast(benchmark::State& state) {
  const avx::events::RecordedEvent e = stored_order_v1();
  std::int64_t cents = 0;
  for (auto _ : state) {
    auto written = avx::events::decode<tests::orders::OrderPlacedV1>(e.payload);
    if (!written) state.SkipWithError(written.error().message().c_str());
    tests::orders::OrderPlaced placed = upcast(std::move(*written));
    cents += placed.total.amount_cents;
  }
  benchmark::DoNotOptimize(cents);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_DecodeThenUpcast);

// The same for an event stored in today's version: decoded, nothing to upcast.
avx::events::RecordedEvent stored_order_current() {
  avx::events::RecordedEvent e = stored_order_v1();
  e.schema_version = tests::orders::OrderPlaced::kVersion;
  tests::orders::OrderPlaced placed;
  placed.order_id = "o-1";
  placed.customer_id = "c-1";
  placed.total.amount_cents = 100;
  e.payload = avx::events::encode(placed);
  return e;
}

void BM_Baseline_Decode(benchmark::State& state) {
  const avx::events::RecordedEvent e = stored_order_current();
  std::int64_t cents = 0;
  for (auto _ : state) {
    auto placed = avx::events::decode<tests::orders::OrderPlaced>(e.payload);
    if (!placed) state.SkipWithError(placed.error().message().c_str());
    cents += placed->total.amount_cents;
  }
  benchmark::DoNotOptimize(cents);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_Decode);

// `e` read as today's OrderPlaced through a registry of the orders schema, again and again.
void read_through_registry(benchmark::State& state, const avx::events::RecordedEvent& e) {
  avx::events::TypeRegistry registry;
  tests::orders::register_types(registry);
  std::int64_t cents = 0;
  for (auto _ : state) {
    auto placed = registry.read<tests::orders::OrderPlaced>(e);
    if (!placed) state.SkipWithError(placed.error().message().c_str());
    cents += placed->total.amount_cents;
  }
  benchmark::DoNotOptimize(cents);
  state.SetItemsProcessed(state.iterations());
}

void BM_AvxRegistry_Read(benchmark::State& state) { read_through_registry(state, stored_order_current()); }
BENCHMARK(BM_AvxRegistry_Read);

void BM_AvxRegistry_ReadUpcast(benchmark::State& state) { read_through_registry(state, stored_order_v1()); }
BENCHMARK(BM_AvxRegistry_ReadUpcast);

}  // namespace

BENCHMARK_MAIN();
