#pragma once

// An event's envelope as named text fields beside its payload, and back: what a broker carries
// for us (NATS message headers, the fields of a Redis stream entry). Each transport names the
// fields; the rules (what must be there, what a well-formed value is) are the same for all, so a
// hostile or foreign message is refused alike on every transport.

#include <functional>
#include <string_view>

#include "avx/events/envelope.h"
#include "avx/events/result.h"

namespace avx::events::transports {

struct FieldNames {
  const char* event_id;
  const char* type;
  const char* schema_version;
  const char* timestamp;  // nanoseconds since the Unix epoch
  const char* correlation_id;
  const char* causation_id;
  const char* aggregate_id;
  const char* aggregate_version;  // its place in the aggregate's stream
  const char* user_id;
  const char* source;
  std::string_view header_prefix;  // + the key of each of the origin's headers
};

// Receives each field that has a value (empty ones are left out), the value as a string of its
// own (move it: most are made for the call).
using FieldSink = std::function<void(std::string_view name, std::string value)>;
// Visits a received message's fields.
using FieldVisitor = std::function<void(std::string_view name, std::string_view value)>;

// A received message's fields.
class FieldSource {
 public:
  virtual ~FieldSource() = default;
  virtual std::string_view get(const char* name) const = 0;  // empty when absent
  virtual void each(const FieldVisitor& visit) const = 0;     // every field, in any order
};

// The origin's user id, source and headers. An origin that check_origin refuses is an error, and
// nothing is written.
Status write_origin(const Origin& origin, const FieldNames& names, const FieldSink& set);
// The envelope's metadata, type and schema version (not its topic and payload, which travel apart).
Status write_fields(const RawEnvelope& envelope, const FieldNames& names, const FieldSink& set);

Status read_origin(const FieldNames& names, const FieldSource& fields, Origin& origin);
// Fills `out`'s type, schema version and metadata; an error says which field is missing or
// malformed, for the transport to prefix with where the message came from.
Status read_fields(const FieldNames& names, const FieldSource& fields, RawEnvelope& out);

}  // namespace avx::events::transports
