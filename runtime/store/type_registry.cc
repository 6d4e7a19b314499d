#include "avx/events/type_registry.h"

namespace avx::events {

void TypeRegistry::add(std::string_view current_type, unsigned version, std::string_view topic, Entry entry) {
  entries_[{std::string(current_type), version}] = entry;
  topics_[std::string(current_type)] = topic;
}

std::optional<std::string_view> TypeRegistry::topic_of(std::string_view type) const {
  auto it = topics_.find(type);
  if (it == topics_.end()) return std::nullopt;
  return it->second;
}

Unexpected TypeRegistry::not_a(const RecordedEvent& event, std::string_view type) {
  return unexpected(Errc::kInvalidArgument, where(event) + " is a " + event.type + ", not a " + std::string(type));
}

Unexpected TypeRegistry::upcast_failed(std::string_view type, unsigned version, const std::exception& e) {
  return unexpected(Errc::kInvalidArgument,
                    "upcast to " + std::string(type) + " v" + std::to_string(version) + " failed: " + e.what());
}

std::string TypeRegistry::where(const RecordedEvent& event) {
  return "event at position " + std::to_string(event.position) + " (stream '" + event.stream + "' version " +
         std::to_string(event.version) + ")";
}

Unexpected TypeRegistry::unknown(const RecordedEvent& event) {
  return unexpected(Errc::kNotFound, where(event) + " has type " + event.type + " version " +
                                         std::to_string(event.schema_version) + ", which no registered schema knows");
}

Unexpected TypeRegistry::unreadable(const RecordedEvent* event, const Error& error) {
  if (event == nullptr) return Unexpected{error};
  return unexpected(Errc::kInvalidArgument, where(*event) + ": " + error.message());
}

Result<AnyEvent> TypeRegistry::read_any(const RecordedEvent& event) const {
  const Entry* entry = find(event.type, event.schema_version);
  if (entry == nullptr) return unknown(event);
  auto value = entry->read_current(event.payload);
  if (!value) return unreadable(&event, value.error());
  return std::move(*value);
}

Result<std::string> TypeRegistry::to_json(const RecordedEvent& event) const {
  const Entry* entry = find(event.type, event.schema_version);
  if (entry == nullptr) {
    return unexpected(Errc::kNotFound, where(event) + " has unknown type " + event.type + " version " +
                                           std::to_string(event.schema_version));
  }
  auto json = entry->to_json(event.payload);
  if (!json) return unexpected(Errc::kInvalidArgument, where(event) + ": " + json.error().message());
  return json;
}

}  // namespace avx::events
