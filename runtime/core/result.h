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

// What every Result shares, compiled once for all of them: the flag and the error. Result<T> is
// instantiated for every generated type, so it is written to cost the compiler as little as
// possible: its own members are only those that touch the T (see docs/benchmarks.md, "Building
// generated code").
class ResultBase {
 public:
  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 protected:
  ResultBase() = default;
  explicit ResultBase(Unexpected e) : error_(std::move(e.error)), ok_(false) {}

  Error error_{Errc::kInternal, {}};
  bool ok_ = true;
};

// Result<T>(kFromCall, make): the value is what make() returns, built in place (no move).
struct FromCall {};
inline constexpr FromCall kFromCall{};

// Either a T or an Error; the T lives in a union, so it is constructed only on success.
template <class T>
class [[nodiscard]] Result : public ResultBase {
 public:
  Result(T value) { new (&value_) T(static_cast<T&&>(value)); }
  template <class F>
  Result(FromCall, F&& make) {
    new (&value_) T(static_cast<F&&>(make)());
  }
  Result(Unexpected e) : ResultBase(std::move(e)) {}
  Result(const Result& other) : ResultBase(other) {
    if (ok_) new (&value_) T(other.value_);
  }
  Result(Result&& other) noexcept : ResultBase(std::move(other)) {
    if (ok_) new (&value_) T(static_cast<T&&>(other.value_));
  }
  Result& operator=(Result other) noexcept {
    if (ok_) value_.~T();
    ResultBase::operator=(std::move(other));
    if (ok_) new (&value_) T(static_cast<T&&>(other.value_));
    return *this;
  }
  ~Result() {
    if (ok_) value_.~T();
  }

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
    return static_cast<T&&>(value_);
  }
  T& operator*() & {
    assert(ok_);
    return value_;
  }
  const T& operator*() const& {
    assert(ok_);
    return value_;
  }
  T&& operator*() && {
    assert(ok_);
    return static_cast<T&&>(value_);
  }
  T* operator->() {
    assert(ok_);
    return &value_;
  }
  const T* operator->() const {
    assert(ok_);
    return &value_;
  }

 private:
  union {
    T value_;
  };
};

template <>
class [[nodiscard]] Result<void> : public ResultBase {
 public:
  Result() = default;
  Result(Unexpected e) : ResultBase(std::move(e)) {}
};

using Status = Result<void>;

}  // namespace avx::events
