#pragma once

// Reading stored events back as today's types. Generated code registers, for every event and every
// version in its history, how to decode bytes written under that version and upcast them to the
// current type; generated register_types(TypeRegistry&) functions fill a registry (no global state).

#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "avx/events/codec.h"
#include "avx/events/detail/type_id.h"
#include "avx/events/result.h"
#include "avx/events/store.h"

namespace avx::events {

// Upcasts `value` step by step (through the generated upcast() overloads, found by ADL) until it is
// a `Current`. The last step builds the caller's result in place.
template <class Current, class T>
Current upcast_to(T value) {
  if constexpr (std::is_same_v<T, Current>) {
    return value;
  } else if constexpr (std::is_same_v<decltype(upcast(std::move(value))), Current>) {
    return upcast(std::move(value));
  } else {
    return upcast_to<Current>(upcast(std::move(value)));
  }
}

// A stored event read as its current type, which get<T>() asks about.
class AnyEvent {
 public:
  using Deleter = void (*)(const void*);
  AnyEvent(std::size_t type_id, const void* value, Deleter deleter) : type_id_(type_id), value_(value, deleter) {}

  // The event when it is a T, else nullptr.
  template <class T>
  const T* get() const {
    return type_id_ == detail::type_id<T>() ? static_cast<const T*>(value_.get()) : nullptr;
  }

 private:
  std::size_t type_id_;
  std::unique_ptr<const void, Deleter> value_;
};

class TypeRegistry {
 public:
  struct Entry {
    Result<AnyEvent> (*read_current)(std::string_view payload) = nullptr;
    Result<std::string> (*to_json)(std::string_view payload) = nullptr;  // as written, in that version
    // The current type's detail::type_id, and its reader returning it by value, stored as a
    // function pointer of another type, which read<T> casts back to its own when T is Current.
    std::size_t current_type_id = 0;
    void (*read_typed)() = nullptr;  // a Result<Current> (*)(const RecordedEvent&)
  };

  // Version `version` of `type` reads as `Current` through `Written` (the struct of that version).
  template <Event Current, class Written>
  void add(unsigned version) {
    add(Current::kType, version, Current::kTopic,
        Entry{&read_as<Current, Written>, &json_of<Written>, detail::type_id<Current>(),
              reinterpret_cast<void (*)()>(&read_typed<Current, Written>)});
  }

  const Entry* find(std::string_view type, unsigned version) const {
    // No key built: a replay looks up every event. (No class template argument deduction either:
    // deducing std::pair's arguments makes Clang 14 leak a diagnostic while `stubs` parses this.)
    auto it = entries_.find(std::pair<std::string_view, unsigned>(type, version));
    return it == entries_.end() ? nullptr : &it->second;
  }

  // The stored event as a T, upcast from whatever version it was written in. Errors name the
  // event's position: an unknown (type, version), another type, or bytes that do not decode.
  // Decoded straight into the result: no type-erased holder, no allocation of its own.
  template <Event T>
  Result<T> read(const RecordedEvent& event) const {
    const Entry* entry = find(event.type, event.schema_version);
    if (entry == nullptr) return unknown(event);
    if (entry->current_type_id != detail::type_id<T>()) return not_a(event, T::kType);
    return reinterpret_cast<TypedReadFn<T>>(entry->read_typed)(event);
  }

  // The stored event as its current type.
  Result<AnyEvent> read_any(const RecordedEvent& event) const;

  // The payload as JSON, in the version it was written in.
  Result<std::string> to_json(const RecordedEvent& event) const;

  // The topic events of `type` are published on; nullopt for a type nobody registered.
  std::optional<std::string_view> topic_of(std::string_view type) const;

  std::size_t size() const { return entries_.size(); }

  static std::string where(const RecordedEvent& event);

 private:
  using ReadFn = Result<AnyEvent> (*)(std::string_view payload);
  using JsonFn = Result<std::string> (*)(std::string_view payload);
  template <class T>
  using TypedReadFn = Result<T> (*)(const RecordedEvent& event);

  // Orders (type, version) keys, and finds them by a (string_view, unsigned) without building one.
  struct KeyLess {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      const int c = std::string_view(a.first).compare(std::string_view(b.first));
      return c < 0 || (c == 0 && a.second < b.second);
    }
  };

  void add(std::string_view current_type, unsigned version, std::string_view topic, Entry entry);
  static Unexpected upcast_failed(std::string_view type, unsigned version, const std::exception& e);
  static Unexpected not_a(const RecordedEvent& event, std::string_view type);
  static Unexpected unknown(const RecordedEvent& event);
  // `error` with `event`'s position in front, when there is an event.
  static Unexpected unreadable(const RecordedEvent* event, const Error& error);

  // `payload` as a Current; an error names `event` when there is one. The value is built where the
  // caller's result is (read<T> returns it as it is): no move of the event.
  template <class Current, class Written>
  static Result<Current> read_payload(std::string_view payload, const RecordedEvent* event) {
    if constexpr (std::is_same_v<Written, Current>) {  // no upcast_to, no try: fewer functions per type
      return decode_payload<Current>(payload, event);
    } else {
      auto written = Codec<Written>::decode(payload);
      if (!written) return unreadable(event, written.error());
      try {  // a custom upcaster is user code: its exception becomes this event's error
        return Result<Current>(kFromCall, [&] { return upcast_to<Current>(static_cast<Written&&>(*written)); });
      } catch (const std::exception& e) {
        return unreadable(event, upcast_failed(Current::kType, Current::kVersion, e).error);
      }
    }
  }

  template <class T>
  static Result<T> decode_payload(std::string_view payload, const RecordedEvent* event) {
    Result<T> value = Codec<T>::decode(payload);
    if (!value) [[unlikely]] value = unreadable(event, value.error());
    return value;  // the only return: built in the caller's result
  }

  template <class Current, class Written>
  static Result<Current> read_typed(const RecordedEvent& event) {
    return read_payload<Current, Written>(event.payload, &event);
  }

  template <class Current, class Written>
  static Result<AnyEvent> read_as(std::string_view payload) {
    auto value = read_payload<Current, Written>(payload, nullptr);
    if (!value) return Unexpected{value.error()};
    return AnyEvent(detail::type_id<Current>(), new Current(static_cast<Current&&>(*value)), &delete_as<Current>);
  }

  template <class T>
  static void delete_as(const void* value) {
    delete static_cast<const T*>(value);
  }

  template <class Written>
  static Result<std::string> json_of(std::string_view payload) {
    auto written = Codec<Written>::decode(payload);
    if (!written) return Unexpected{written.error()};
    return Codec<Written>::to_json(*written);
  }

  std::map<std::pair<std::string, unsigned>, Entry, KeyLess> entries_;
  std::map<std::string, std::string_view, std::less<>> topics_;  // views of the types' kTopic
};

}  // namespace avx::events
