#include "avx/events/type_registry.h"

namespace avx::events {

std::string TypeRegistry::where(const RecordedEvent& event) {
  return "event at position " + std::to_string(event.position) + " (stream '" + event.stream + "' version " +
         std::to_string(event.version) + ")";
}

Result<std::pair<std::size_t, std::shared_ptr<const void>>> TypeRegistry::read_any(const RecordedEvent& event) const {
  const Entry* entry = find(event.type, event.schema_version);
  if (entry == nullptr) {
    return unexpected(Errc::kNotFound, where(event) + " has type " + event.type + " version " +
                                           std::to_string(event.schema_version) + ", which no registered schema knows");
  }
  auto value = entry->read_current(event.payload);
  if (!value) return unexpected(Errc::kInvalidArgument, where(event) + ": " + value.error().message());
  return std::make_pair(entry->current_type, std::move(*value));
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
