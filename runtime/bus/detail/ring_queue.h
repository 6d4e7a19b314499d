#pragma once

// A FIFO of values in a ring that grows (up to the caller's bound) and is then reused: in steady
// state pushing and taking allocate nothing, and memory is never freed on another thread than the
// one that allocated it. Not synchronized: the owner holds a lock.

#include <cstddef>
#include <utility>
#include <vector>

namespace avx::events::detail {

template <class T>
class RingQueue {
 public:
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // Copy-assigns into a recycled slot, reusing its buffers (strings keep their capacity).
  void push(const T& value) {
    if (size_ == ring_.size()) grow();
    ring_[(head_ + size_) % ring_.size()] = value;
    ++size_;
  }

  void drop_oldest() {
    head_ = (head_ + 1) % ring_.size();
    --size_;
  }

  // The i-th oldest value.
  const T& operator[](std::size_t i) const { return ring_[(head_ + i) % ring_.size()]; }

  // O(1): lets a consumer take a whole queue under a lock and read it after releasing the lock,
  // handing back its drained ring (with its slots and their buffers) for the producer to reuse.
  void swap(RingQueue& other) noexcept {
    ring_.swap(other.ring_);
    std::swap(head_, other.head_);
    std::swap(size_, other.size_);
  }

  // Forgets the values but keeps the slots, so later pushes reuse them.
  void clear() {
    head_ = 0;
    size_ = 0;
  }

 private:
  void grow() {
    std::vector<T> bigger(ring_.empty() ? 16 : ring_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = std::move(ring_[(head_ + i) % ring_.size()]);
    ring_ = std::move(bigger);
    head_ = 0;
  }

  std::vector<T> ring_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace avx::events::detail
