#include "avx/events/transports/envelope_fields.h"

#include <charconv>
#include <string>
#include <utility>

namespace avx::events::transports {
namespace {

template <class Int>
bool parse_int(std::string_view text, Int& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

Unexpected malformed(const char* field, const char* why) {
  return unexpected(Errc::kInvalidArgument, std::string(field) + why);
}

// The envelope's texts beside the origin, by the same rule: none breaks a header line or is refused
// by a store downstream (a correlation id carried into an append must be one the store keeps).
Status check_texts(const std::string& type, const Metadata& m) {
  for (auto [what, value] : {std::pair<const char*, const std::string*>{"type", &type},
                             {"correlation id", &m.correlation_id},
                             {"causation id", &m.causation_id},
                             {"aggregate id", &m.aggregate_id}}) {
    if (auto text = check_metadata_text(what, *value); !text) return text;
  }
  return {};
}

}  // namespace

Status write_origin(const Origin& origin, const FieldNames& names, const FieldSink& set) {
  if (auto valid = check_origin(origin); !valid) return valid;
  if (!origin.user_id.empty()) set(names.user_id, origin.user_id);
  if (!origin.source.empty()) set(names.source, origin.source);
  std::string name(names.header_prefix);
  for (const auto& [key, value] : origin.headers) {
    name.resize(names.header_prefix.size());
    name += key;
    if (!value.empty()) set(name, value);
  }
  return {};
}

Status write_fields(const RawEnvelope& envelope, const FieldNames& names, const FieldSink& set) {
  if (auto texts = check_texts(envelope.type, envelope.metadata); !texts) {
    return unexpected(Errc::kInvalidArgument, "event not published: " + texts.error().message());
  }
  if (auto origin = check_origin(envelope.metadata.origin); !origin) {
    return unexpected(Errc::kInvalidArgument, envelope.type + " not published: " + origin.error().message());
  }
  const Metadata& m = envelope.metadata;
  auto put = [&](const char* name, std::string value) {
    if (!value.empty()) set(name, std::move(value));
  };
  put(names.event_id, m.event_id.to_string());
  put(names.type, envelope.type);
  put(names.schema_version, std::to_string(envelope.schema_version));
  put(names.timestamp, std::to_string(to_nanos(m.timestamp)));
  put(names.correlation_id, m.correlation_id);
  put(names.causation_id, m.causation_id);
  put(names.aggregate_id, m.aggregate_id);
  if (m.version != 0) put(names.aggregate_version, std::to_string(m.version));
  return write_origin(m.origin, names, set);
}

Status read_origin(const FieldNames& names, const FieldSource& fields, Origin& origin) {
  origin.user_id = std::string(fields.get(names.user_id));
  origin.source = std::string(fields.get(names.source));
  fields.each([&](std::string_view name, std::string_view value) {
    if (name.starts_with(names.header_prefix)) {
      origin.headers.emplace(std::string(name.substr(names.header_prefix.size())), std::string(value));
    }
  });
  return check_origin(origin);
}

Status read_fields(const FieldNames& names, const FieldSource& fields, RawEnvelope& out) {
  out.type = std::string(fields.get(names.type));
  if (out.type.empty()) return malformed(names.type, " is missing");
  auto id = EventId::parse(fields.get(names.event_id));
  if (!id) return malformed(names.event_id, " is not an event id");
  if (!parse_int(fields.get(names.schema_version), out.schema_version) || out.schema_version == 0) {
    return malformed(names.schema_version, " is not a positive number");
  }
  std::int64_t nanos = 0;
  if (!parse_int(fields.get(names.timestamp), nanos)) return malformed(names.timestamp, " is not a number");
  Metadata& m = out.metadata;
  m.event_id = *id;
  m.timestamp = timestamp_from_nanos(nanos);
  m.correlation_id = std::string(fields.get(names.correlation_id));
  m.causation_id = std::string(fields.get(names.causation_id));
  m.aggregate_id = std::string(fields.get(names.aggregate_id));
  if (auto v = fields.get(names.aggregate_version); !v.empty() && !parse_int(v, m.version)) {
    return malformed(names.aggregate_version, " is not a number");
  }
  if (auto texts = check_texts(out.type, m); !texts) return texts;
  return read_origin(names, fields, m.origin);
}

}  // namespace avx::events::transports
