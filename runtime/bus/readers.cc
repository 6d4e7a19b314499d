#include "avx/events/detail/readers.h"

#include <linux/membarrier.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace avx::events::detail {

std::atomic<bool> readers_must_fence{true};

namespace {

std::atomic<ReaderRecord*> registry{nullptr};  // every record ever made, newest first

// 1 when membarrier(2) works for this process, 2 when it does not, 0 before the first try.
std::atomic<int> membarrier_state{0};

bool register_membarrier() { return syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0; }

void decide_membarrier() {
  static std::once_flag once;
  std::call_once(once, [] {
    const bool works = register_membarrier();
    membarrier_state.store(works ? 1 : 2, std::memory_order_seq_cst);
    readers_must_fence.store(!works, std::memory_order_seq_cst);  // only once it works
  });
}

// Every thread executes a full memory barrier before this returns (or, without membarrier(2),
// every reader fences after announcing itself and this fences here).
void barrier_all_threads() {
  decide_membarrier();
  if (membarrier_state.load(std::memory_order_seq_cst) == 1) {
    if (syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0) return;
    // Registered, yet refused (no known kernel does this): the slower command needs no registration.
    if (syscall(__NR_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0) == 0) return;
  }
  std::atomic_thread_fence(std::memory_order_seq_cst);
}

}  // namespace

// What this file does with records, as ReaderRecord's friend.
struct Readers {
  static ReaderRecord* claim() {
    decide_membarrier();  // before the first entry, so a writer's barrier covers it
    for (ReaderRecord* r = registry.load(std::memory_order_acquire); r != nullptr; r = r->next_) {
      bool free = false;
      if (r->in_use_.compare_exchange_strong(free, true, std::memory_order_acquire)) return r;
    }
    auto* r = new ReaderRecord();  // never freed: other threads may read it at any time
    r->in_use_.store(true, std::memory_order_relaxed);
    r->next_ = registry.load(std::memory_order_relaxed);
    while (!registry.compare_exchange_weak(r->next_, r, std::memory_order_release, std::memory_order_relaxed)) {
    }
    return r;
  }

  // The thread that owned `r` is gone (ended, or did not survive a fork).
  static void release(ReaderRecord* r) {
    r->depth_.store(0, kRetire);
    r->overflow_.clear();
    r->in_use_.store(false, std::memory_order_release);
  }

  // The entries of `r` that read `source` (kSource) or last called `callee` (kCallee): where they
  // are and which entry each was.
  enum class Role { kSource, kCallee };
  struct Seen {
    std::uint32_t index;
    std::uint64_t generation;
  };
  static const std::atomic<const Tracked*>& field(const ReaderRecord::Entry& e, Role role) {
    return role == Role::kSource ? e.source : e.callee;
  }
  static void find(const ReaderRecord& r, const Tracked& what, Role role, std::vector<Seen>& out) {
    out.clear();
    const std::uint32_t depth = std::min(r.depth_.load(kReaderLoad), ReaderRecord::kEntries);
    for (std::uint32_t i = 0; i < depth; ++i) {
      const std::uint64_t generation = r.entries_[i].generation.load(kReaderLoad);
      if (field(r.entries_[i], role).load(kReaderLoad) == &what) out.push_back({i, generation});
    }
  }
  // A callee stays announced until the entry calls another: the wait ends then too.
  static bool still_inside(const ReaderRecord& r, const Tracked& what, Role role, Seen seen) {
    return r.depth_.load(kReaderLoad) > seen.index &&
           r.entries_[seen.index].generation.load(kReaderLoad) == seen.generation &&
           field(r.entries_[seen.index], role).load(kReaderLoad) == &what;
  }
  static std::int64_t own_overflow(const ReaderRecord* r, const Tracked& what) {
    return r == nullptr ? 0 : std::count(r->overflow_.begin(), r->overflow_.end(), &what);
  }
  static ReaderRecord* next(const ReaderRecord* r) { return r->next_; }
  static std::uint64_t counter(const ReaderRecord& r, std::uint32_t id) {
    const std::atomic<std::uint64_t>* chunk = r.chunks_[id >> ReaderRecord::kChunkBits].load(std::memory_order_acquire);
    return chunk == nullptr ? 0 : chunk[id & ((1u << ReaderRecord::kChunkBits) - 1)].load(std::memory_order_relaxed);
  }
};

namespace {

// Gives the thread's record back when the thread ends. A publish from a later thread_local
// destructor claims a record again (and makes another of these).
struct Releaser {
  ~Releaser() {
    if (ReaderRecord* r = std::exchange(current_reader_record, nullptr)) Readers::release(r);
  }
};

// After fork() only the forking thread exists: the records of the others are free, whatever they
// were in the middle of, and the child is a new process for membarrier(2).
void on_fork_child() {
  for (ReaderRecord* r = registry.load(std::memory_order_acquire); r != nullptr; r = Readers::next(r)) {
    if (r != current_reader_record) Readers::release(r);
  }
  if (membarrier_state.load(std::memory_order_relaxed) == 1 && !register_membarrier()) {
    membarrier_state.store(2, std::memory_order_seq_cst);
    readers_must_fence.store(true, std::memory_order_seq_cst);  // the only thread: nobody is mid-entry
  }
}
[[maybe_unused]] const int kAtForkRegistered = pthread_atfork(nullptr, nullptr, &on_fork_child);

}  // namespace

ReaderRecord* claim_reader_record() {
  ReaderRecord* r = Readers::claim();
  current_reader_record = r;
  thread_local Releaser releaser;  // constructed on the thread's first claim
  (void)releaser;
  return r;
}

std::uint32_t ReaderRecord::enter_overflow(Tracked& source, std::uint32_t d) {
  overflow_.push_back(&source);
  source.overflow_entries.fetch_add(1, std::memory_order_seq_cst);
  depth_.store(d + 1, kAnnounce);
  return d;
}

void ReaderRecord::leave_overflow(Tracked& source) {
  overflow_.erase(std::find(overflow_.rbegin(), overflow_.rend(), &source).base() - 1);
  source.overflow_entries.fetch_sub(1, std::memory_order_release);
}

void ReaderRecord::begin_overflow_call(Tracked& callee) {
  overflow_.push_back(&callee);
  callee.overflow_entries.fetch_add(1, std::memory_order_seq_cst);
}

void ReaderRecord::end_overflow_call(Tracked& callee) { leave_overflow(callee); }

std::atomic<std::uint64_t>* ReaderRecord::grow(std::uint32_t counter) {
  auto* chunk = new std::atomic<std::uint64_t>[1u << kChunkBits]();  // kept with the record
  chunks_[counter >> kChunkBits].store(chunk, std::memory_order_release);
  return chunk;
}

namespace {

void wait_for_others(const Tracked& what, Readers::Role role) {
  barrier_all_threads();
  const ReaderRecord* self = current_reader_record;
  std::vector<Readers::Seen> seen;
  for (ReaderRecord* r = registry.load(std::memory_order_acquire); r != nullptr; r = Readers::next(r)) {
    if (r == self) continue;
    Readers::find(*r, what, role, seen);
    for (const Readers::Seen& s : seen) {
      while (Readers::still_inside(*r, what, role, s)) std::this_thread::yield();
    }
  }
  const std::int64_t own = Readers::own_overflow(self, what);
  while (what.overflow_entries.load(std::memory_order_seq_cst) > own) std::this_thread::yield();
}

}  // namespace

void wait_for_readers(const Tracked& source) { wait_for_others(source, Readers::Role::kSource); }
void wait_for_calls(const Tracked& callee) { wait_for_others(callee, Readers::Role::kCallee); }

namespace {

struct CounterIds {
  std::mutex mutex;
  std::uint32_t next = 0;
  std::vector<std::uint32_t> free;
};
CounterIds& counter_ids() {
  static CounterIds* ids = new CounterIds();  // outlives every static that holds a counter
  return *ids;
}

std::uint32_t acquire_counter() {
  CounterIds& ids = counter_ids();
  std::lock_guard lock(ids.mutex);
  if (!ids.free.empty()) {
    std::uint32_t id = ids.free.back();
    ids.free.pop_back();
    return id;
  }
  if (ids.next >= ReaderRecord::kChunks << ReaderRecord::kChunkBits) {
    throw std::length_error("avx::events: more than a million live subscriptions and channels");
  }
  return ids.next++;
}

std::uint64_t sum_counter(std::uint32_t id) {
  std::uint64_t sum = 0;
  for (ReaderRecord* r = registry.load(std::memory_order_acquire); r != nullptr; r = Readers::next(r)) {
    sum += Readers::counter(*r, id);
  }
  return sum;
}

}  // namespace

Counter::Counter() : id_(acquire_counter()), base_(sum_counter(id_)) {}

Counter::~Counter() {
  CounterIds& ids = counter_ids();
  std::lock_guard lock(ids.mutex);
  ids.free.push_back(id_);
}

std::uint64_t Counter::value() const { return sum_counter(id_) - base_; }

}  // namespace avx::events::detail
