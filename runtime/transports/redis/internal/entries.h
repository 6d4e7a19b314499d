#pragma once

// Keys, and an envelope as the fields of a stream entry (and back).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <hiredis/hiredis.h>

#include "avx/events/envelope.h"
#include "avx/events/result.h"
#include "avx/events/transports/envelope_fields.h"

namespace avx::events::redis::internal {

// The stream of a topic, and the set of every topic published to (what subscribers' patterns
// are matched against). Topics have no ':', so `t:` keys never collide with the set's.
std::string stream_key(std::string_view prefix, std::string_view topic);
std::string topics_key(std::string_view prefix);
// The topic of a stream key stream_key() made.
std::string topic_of_key(std::string_view prefix, std::string_view key);

// The envelope's fields in an entry (the origin's too, which requests carry).
inline constexpr transports::FieldNames kFields{"id",   "type", "v",    "ts",     "corr", "caus",
                                                "agg",  "aggv", "user", "source", "h:"};

// An entry's fields as XREAD returns them (name, value, name, value...), by name.
class EntryFields final : public transports::FieldSource {
 public:
  explicit EntryFields(const redisReply* fields) : fields_(fields) {}
  std::string_view get(const char* name) const override { return get(std::string_view(name)); }
  std::string_view get(std::string_view name) const;
  void each(const transports::FieldVisitor& visit) const override;

 private:
  const redisReply* fields_;
};

// A command's arguments, owning their bytes.
struct Command {
  std::vector<std::string> args;
  std::vector<std::string_view> views() const { return {args.begin(), args.end()}; }
};

// XADD <key> [MAXLEN ~ max_len] * <field> <value>... payload <bytes>; an origin that
// check_origin refuses is an error.
Result<Command> xadd(RawEnvelope envelope, std::string_view prefix, std::uint64_t max_len);

// The envelope an entry carries (`fields`: its array of names and values, as XREAD returns it);
// an error names what is missing or malformed. Its position is position_of(entry_id).
Result<RawEnvelope> from_entry(std::string_view topic, std::string_view entry_id, const redisReply* fields);

// An entry id "<ms>-<seq>" as one increasing number, ms * 2^20 + seq (seq saturates at 2^20 - 1,
// a million entries in one millisecond of one stream); 0 for an id that is not of that form.
std::uint64_t position_of(std::string_view entry_id);

}  // namespace avx::events::redis::internal
