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

  ReaderRecord() { chunks_[0].store(first_chunk_, std::memory_order_relaxed); }

  // Pushes an entry: this thread reads `source` (a channel's subscriber list) until leave().
  // Returns the entry's index; kEntries or more when the stack is full (then `source` counts the
  // entry itself).
  [[gnu::always_inline]] std::uint32_t enter(Tracked& source) {
    const std::uint32_t d = depth_.load(std::memory_order_relaxed);
    if (d >= kEntries) [[unlikely]] return enter_overflow(source, d);
    Entry& e = entries_[d];
    e.generation.store(++generation_, kAnnounce);
    e.callee.store(nullptr, kAnnounce);
    e.source.store(&source, kAnnounce);
    depth_.store(d + 1, kAnnounce);
    reader_fence();
    return d;
  }
  [[gnu::always_inline]] void leave(std::uint32_t index, Tracked& source) {
    if (index >= kEntries) [[unlikely]] leave_overflow(source);
    depth_.store(depth_.load(std::memory_order_relaxed) - 1, kRetire);
  }

  // Within entry `index`, this thread calls `callee` (a slot's handler) from now until it calls
  // another or leaves the entry. False when the entry is beyond the stack: then `callee` counts
  // the call itself, and end_overflow_call() must follow.
  [[gnu::always_inline]] bool calling(std::uint32_t index, Tracked& callee) {
    if (index >= kEntries) [[unlikely]] {
      begin_overflow_call(callee);
      return false;
    }
    entries_[index].callee.store(&callee, kAnnounce);
    reader_fence();
    return true;
  }
  [[gnu::cold]] void end_overflow_call(Tracked& callee);
  // Announces calls like calling(), for an entry on the stack when readers need not fence
  // (Delivery::plain): one store.
  class PlainCalls {
   public:
    [[gnu::always_inline]] void announce(Tracked& callee) const {
      callee_->store(&callee, kAnnounce);
      std::atomic_signal_fence(std::memory_order_seq_cst);  // the compiler keeps the order; membarrier the CPU
    }

   private:
    friend class ReaderRecord;
    explicit PlainCalls(std::atomic<const Tracked*>& callee) : callee_(&callee) {}
    std::atomic<const Tracked*>* callee_;
  };
  PlainCalls plain_calls(std::uint32_t index) { return PlainCalls(entries_[index].callee); }

  // True while this thread is inside a delivery: reading a channel, so possibly in a handler
  // (for the thread itself only).
  bool delivering() const { return depth_.load(std::memory_order_relaxed) > 0; }

  // The first chunk is part of the record: the common counter is one load away, not two.
  [[gnu::always_inline]] void add(std::uint32_t counter) {
    std::atomic<std::uint64_t>* c;
    if (counter < (1u << kChunkBits)) [[likely]] {
      c = &first_chunk_[counter];
    } else {
      std::atomic<std::uint64_t>* chunk = chunks_[counter >> kChunkBits].load(std::memory_order_relaxed);
      if (chunk == nullptr) [[unlikely]] chunk = grow(counter);
      c = &chunk[counter & ((1u << kChunkBits) - 1)];
    }
    c->store(c->load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }

 private:
  friend struct Readers;
  struct Entry {
    std::atomic<std::uint64_t> generation{0};  // a new one for every entry: a writer sees it end
    std::atomic<const Tracked*> source{nullptr};
    std::atomic<const Tracked*> callee{nullptr};  // the last slot called; may have returned
  };

  [[gnu::cold]] std::uint32_t enter_overflow(Tracked& source, std::uint32_t d);
  [[gnu::cold]] void leave_overflow(Tracked& source);
  [[gnu::cold]] void begin_overflow_call(Tracked& callee);
  [[gnu::cold, gnu::noinline]] std::atomic<std::uint64_t>* grow(std::uint32_t counter);

  std::atomic<std::uint32_t> depth_{0};
  std::uint64_t generation_ = 0;  // owner only
  Entry entries_[kEntries];
  std::atomic<std::atomic<std::uint64_t>*> chunks_[kChunks] = {};  // [0]: first_chunk_
  std::atomic<std::uint64_t> first_chunk_[1u << kChunkBits] = {};
  std::vector<const Tracked*> overflow_;  // owner only: this thread's entries and calls beyond the stack
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

// Waits until no other thread is inside an entry for `source`, or calling `callee`, that it
// announced before this call; later ones are not waited for, nor are the calling thread's own.
void wait_for_readers(const Tracked& source);
void wait_for_calls(const Tracked& callee);

// True while this thread delivers (and so may be inside a handler), on any bus.
inline bool this_thread_delivering() {
  return current_reader_record != nullptr && current_reader_record->delivering();
}

// A count every thread adds to on its own record (a plain add) and value() sums. Its id is shared
// by every record and reused once the counter is gone; value() counts from what earlier holders
// of the id left behind.
class Counter {
 public:
  Counter();
  ~Counter();
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  [[gnu::always_inline]] void add(ReaderRecord& record) const { record.add(id_); }
  std::uint32_t id() const { return id_; }  // for ReaderRecord::add, where the Counter is not at hand
  std::uint64_t value() const;

 private:
  const std::uint32_t id_;
  const std::uint64_t base_;
};

}  // namespace avx::events::detail
