#pragma once

// What each thread is doing inside the buses, kept so that the rare writer can wait for it while
// the frequent publisher pays almost nothing.
//
// A publishing thread only makes plain stores to a record of its own: which channels it is
// reading and which handlers it is calling (a small stack of entries), and its counters. No
// read-modify-write, no fence and no cache line shared with another thread. A writer that must
// know what the others are doing (unsubscribe waits for a handler; a channel frees an old
// subscriber list) first runs membarrier(2), which makes every thread of the process execute a
// full memory barrier, and then reads their records: the asymmetric scheme of userspace RCU's
// membarrier flavour. Where membarrier(2) is unavailable readers fence instead.
//
// Counters work the same way: each thread adds to its own (delivered per subscriber, published
// per channel) and a reader sums every thread's. Records are never freed: a thread that ends
// leaves its record, counters included, to the next thread that starts.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <vector>

namespace avx::events::detail {

// Something threads enter and leave: a channel (reading its subscriber list) or a slot (running
// its handler). Entries beyond a record's stack are counted here instead (rare: deep nesting).
struct Tracked {
  std::atomic<std::int64_t> overflow_entries{0};
};

// ThreadSanitizer does not know membarrier(2); under it the readers' stores and the writers'
// loads are sequentially consistent, which is correct without the barrier.
#if defined(__SANITIZE_THREAD__)
inline constexpr std::memory_order kAnnounce = std::memory_order_seq_cst;
inline constexpr std::memory_order kRetire = std::memory_order_seq_cst;
inline constexpr std::memory_order kReaderLoad = std::memory_order_seq_cst;
#else
inline constexpr std::memory_order kAnnounce = std::memory_order_relaxed;
inline constexpr std::memory_order kRetire = std::memory_order_release;
inline constexpr std::memory_order kReaderLoad = std::memory_order_acquire;
#endif

// True until membarrier(2) is known to work, and for good where it does not.
extern std::atomic<bool> readers_must_fence;

// After announcing an entry and before looking at what the writer may have changed.
inline void reader_fence() {
  if (readers_must_fence.load(std::memory_order_relaxed)) [[unlikely]] {
    std::atomic_thread_fence(std::memory_order_seq_cst);
  } else {
    std::atomic_signal_fence(std::memory_order_seq_cst);  // the compiler keeps the order; membarrier the CPU
  }
}

class ReaderRecord {
 public:
  static constexpr std::uint32_t kEntries = 32;
  static constexpr std::uint32_t kChunkBits = 10;  // counters per chunk: 1,024
  static constexpr std::uint32_t kChunks = 1024;   // counter ids below 1,048,576

  // Announces that this thread entered `what`. False when the stack is full: then `what` counts
  // the entry itself. Either way leave() must follow.
  [[gnu::always_inline]] bool enter(Tracked& what) {
    const std::uint32_t d = depth_.load(std::memory_order_relaxed);
    if (d >= kEntries) [[unlikely]] return enter_overflow(what, d);
    entries_[d].generation.store(++generation_, kAnnounce);
    entries_[d].what.store(&what, kAnnounce);
    depth_.store(d + 1, kAnnounce);
    reader_fence();
    return true;
  }
  [[gnu::always_inline]] void leave(Tracked& what, bool entered) {
    if (!entered) [[unlikely]] leave_overflow(what);
    depth_.store(depth_.load(std::memory_order_relaxed) - 1, kRetire);
  }

  // Handler calls in progress on this thread (for the thread itself only).
  std::uint32_t calls = 0;

  [[gnu::always_inline]] void add(std::uint32_t counter) {
    std::atomic<std::uint64_t>* chunk = chunks_[counter >> kChunkBits].load(std::memory_order_relaxed);
    if (chunk == nullptr) [[unlikely]] chunk = grow(counter);
    std::atomic<std::uint64_t>& c = chunk[counter & ((1u << kChunkBits) - 1)];
    c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }

 private:
  friend struct Readers;
  struct Entry {
    std::atomic<std::uint64_t> generation{0};  // a new one for every entry: a writer sees it end
    std::atomic<const Tracked*> what{nullptr};
  };

  [[gnu::cold]] bool enter_overflow(Tracked& what, std::uint32_t d);
  [[gnu::cold]] void leave_overflow(Tracked& what);
  [[gnu::cold, gnu::noinline]] std::atomic<std::uint64_t>* grow(std::uint32_t counter);

  std::atomic<std::uint32_t> depth_{0};
  std::uint64_t generation_ = 0;  // owner only
  Entry entries_[kEntries];
  std::atomic<std::atomic<std::uint64_t>*> chunks_[kChunks] = {};
  std::vector<const Tracked*> overflow_;  // owner only: this thread's entries beyond the stack
  std::atomic<bool> in_use_{false};
  ReaderRecord* next_ = nullptr;  // the registry's list; set once, before it is published
};

// This thread's record once it has one (released, and null again, when the thread ends).
inline thread_local ReaderRecord* current_reader_record = nullptr;
ReaderRecord* claim_reader_record();  // sets current_reader_record

// This thread's record: registered on first use, released when the thread ends.
inline ReaderRecord& this_thread_record() {
  ReaderRecord* record = current_reader_record;
  if (record == nullptr) [[unlikely]] record = claim_reader_record();
  return *record;
}

// An entry for a scope: `what` is announced as entered until the scope ends.
class ReadEntry {
 public:
  ReadEntry(ReaderRecord& record, Tracked& what) : record_(record), what_(what), entered_(record.enter(what)) {}
  ~ReadEntry() { record_.leave(what_, entered_); }
  ReadEntry(const ReadEntry&) = delete;
  ReadEntry& operator=(const ReadEntry&) = delete;

 private:
  ReaderRecord& record_;
  Tracked& what_;
  bool entered_;
};

// Waits until no other thread is inside `what` by an entry made before this call; entries made
// after it are not waited for. The calling thread's own entries are not waited for either.
void wait_for_other_threads(const Tracked& what);

// Counter ids, shared by every record. A new id starts from what earlier holders of the id left
// behind (`base`): sum_counter(id) - base is what was added since.
std::uint32_t acquire_counter();
void release_counter(std::uint32_t id);
std::uint64_t sum_counter(std::uint32_t id);

}  // namespace avx::events::detail
