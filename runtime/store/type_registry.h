#pragma once

// Reading stored events back as today's types. Generated code registers, for every event and every
// version in its history, how to decode bytes written under that version and upcast them to the
// current type; generated register_types(TypeRegistry&) functions fill a registry (no global state).

#include <functional>
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "avx/events/codec.h"
#include "avx/events/detail/type_id.h"
#include "avx/events/result.h"
#include "avx/events/store.h"

namespace avx::events {

// Upcasts `value` step by step (through the generated upcast() overloads, found by ADL) until it is
// a `Current`.
template <class Current, class T>
Current upcast_to(T value) {
  if constexpr (std::is_same_v<T, Current>) {
    return value;
  } else {
    return upcast_to<Current>(upcast(std::move(value)));
  }
}

class TypeRegistry {
 public:
  struct Entry {
    std::size_t current_type = 0;  // detail::type_id of the current C++ type
    std::string current_name;      // its kType, for messages
    std::function<Result<std::shared_ptr<const void>>(std::string_view payload)> read_current;
    std::function<Result<std::string>(std::string_view payload)> to_json;  // as written, that version
  };

  // Version `version` of `type` reads as `Current` through `Written` (the struct of that version).
  template <Event Current, class Written>
  void add(unsigned version) {
    Entry entry;
    entry.current_type = detail::type_id<Current>();
    entry.current_name = std::string(Current::kType);
    entry.read_current = [](std::string_view payload) -> Result<std::shared_ptr<const void>> {
      auto written = decode<Written>(payload);
      if (!written) return Unexpected{written.error()};
      try {  // a custom upcaster is user code: its exception becomes this event's error
        return std::shared_ptr<const void>(std::make_shared<const Current>(upcast_to<Current>(std::move(*written))));
      } catch (const std::exception& e) {
        return unexpected(Errc::kInvalidArgument, std::string("upcast to ") + std::string(Current::kType) + " v" +
                                                      std::to_string(Current::kVersion) + " failed: " + e.what());
      }
    };
    entry.to_json = [](std::string_view payload) -> Result<std::string> {
      auto written = decode<Written>(payload);
      if (!written) return Unexpected{written.error()};
      return ::avx::events::to_json(*written);
    };
    entries_[{std::string(Current::kType), version}] = std::move(entry);
  }

  const Entry* find(std::string_view type, unsigned version) const {
    auto it = entries_.find({std::string(type), version});
    return it == entries_.end() ? nullptr : &it->second;
  }

  // The stored event as a T, upcast from whatever version it was written in. Errors name the
  // event's position: an unknown (type, version), another type, or bytes that do not decode.
  template <Event T>
  Result<T> read(const RecordedEvent& event) const {
    auto shared = read_any(event);
    if (!shared) return Unexpected{shared.error()};
    if (shared->first != detail::type_id<T>()) {
      return unexpected(Errc::kInvalidArgument, where(event) + " is a " + event.type + ", not a " +
                                                    std::string(T::kType));
    }
    return *static_cast<const T*>(shared->second.get());
  }

  // The stored event as its current type, with that type's detail::type_id.
  Result<std::pair<std::size_t, std::shared_ptr<const void>>> read_any(const RecordedEvent& event) const;

  // The payload as JSON, in the version it was written in.
  Result<std::string> to_json(const RecordedEvent& event) const;

  std::size_t size() const { return entries_.size(); }

  static std::string where(const RecordedEvent& event);

 private:
  std::map<std::pair<std::string, unsigned>, Entry> entries_;
};

}  // namespace avx::events
