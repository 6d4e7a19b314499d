#pragma once

// Errors as values. Result<T> is shaped like std::expected (C++23, not in GCC 12): has_value(),
// operator bool, *r, r->, r.value(), r.error().message().

#include <cassert>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace avx::events {

enum class Errc {
  kInvalidArgument,  // malformed input: bad topic, bad bytes, bad JSON
  kNotFound,
  kConflict,         // optimistic concurrency: expected version did not match
  kUnavailable,      // queue full, bus stopped
  kTimeout,
  kNoResponders,
  kAlreadyExists,    // a second handler for a command or query type
  kUnimplemented,    // a generated handler stub nobody filled in
  kFailedPrecondition,  // called where it cannot run: e.g. from inside its own handler
  kInternal,
  kPermissionDenied,  // the server refused this identity: e.g. a subject its permissions deny
};

const char* to_string(Errc code);

class Error {
 public:
  Error(Errc code, std::string message) : code_(code), message_(std::move(message)) {}

  Errc code() const { return code_; }
  const std::string& message() const { return message_; }

  // Facts a component attaches for the code that handles the error, by key (as absl::Status
  // payloads): the event store puts a stream's actual version on a kConflict, which
  // actual_version(const Error&) in store.h reads. Setting a key again replaces its value.
  Error& with_detail(std::string_view key, std::string value);
  std::optional<std::string_view> detail(std::string_view key) const;

  bool operator==(const Error&) const = default;

 private:
  Errc code_;
  std::string message_;
  std::vector<std::pair<std::string, std::string>> details_;
};

// Tag type so that Result<Error>-like ambiguities cannot arise: return unexpected(Error{...}).
struct Unexpected {
  Error error;
};

inline Unexpected unexpected(Errc code, std::string message) {
  return Unexpected{Error(code, std::move(message))};
}

// Either a T or an Error, in one union: instantiated for every generated type, so it is written to
// cost the compiler as little as possible (no std::optional or std::variant layers; see
// docs/benchmarks.md, "Building generated code").
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : ok_(true) { new (&value_) T(std::move(value)); }
  Result(Unexpected e) : ok_(false) { new (&error_) Error(std::move(e.error)); }
  Result(const Result& other) : ok_(other.ok_) { construct_from(other); }
  Result(Result&& other) noexcept : ok_(other.ok_) { construct_from(std::move(other)); }
  Result& operator=(Result other) noexcept {
    destroy();
    ok_ = other.ok_;
    construct_from(std::move(other));
    return *this;
  }
  ~Result() { destroy(); }

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }

  T& value() & {
    assert(ok_);
    return value_;
  }
  const T& value() const& {
    assert(ok_);
    return value_;
  }
  T&& value() && {
    assert(ok_);
    return std::move(value_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  template <class Other>
  void construct_from(Other&& other) {
    if (ok_) new (&value_) T(std::forward<Other>(other).value_);
    else new (&error_) Error(std::forward<Other>(other).error_);
  }
  void destroy() {
    if (ok_) value_.~T();
    else error_.~Error();
  }

  union {
    T value_;
    Error error_;
  };
  bool ok_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected e) : error_(std::move(e.error)), ok_(false) {}

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_{Errc::kInternal, {}};
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace avx::events
