#include "runtime/transports/redis/internal/entries.h"

#include <algorithm>
#include <charconv>

#include "runtime/transports/redis/internal/client.h"

namespace avx::events::redis::internal {
namespace {

constexpr std::string_view kPayload = "payload";

}  // namespace

std::string_view EntryFields::get(std::string_view name) const {
  for (std::size_t i = 0; fields_ != nullptr && i + 1 < fields_->elements; i += 2) {
    if (text(fields_->element[i]) == name) return text(fields_->element[i + 1]);
  }
  return {};
}

void EntryFields::each(const transports::FieldVisitor& visit) const {
  for (std::size_t i = 0; fields_ != nullptr && i + 1 < fields_->elements; i += 2) {
    visit(text(fields_->element[i]), text(fields_->element[i + 1]));
  }
}

std::string stream_key(std::string_view prefix, std::string_view topic) {
  return std::string(prefix) + "t:" + std::string(topic);
}

std::string topics_key(std::string_view prefix) { return std::string(prefix) + "topics"; }

std::string topic_of_key(std::string_view prefix, std::string_view key) {
  return std::string(key.substr(std::min(key.size(), prefix.size() + 2)));  // after "<prefix>t:"
}

Result<Command> xadd(RawEnvelope envelope, std::string_view prefix, std::uint64_t max_len) {
  Command c;
  c.args.reserve(24);  // every field set, with MAXLEN: 2 + 3 + 1 + 2 x 9 + 2; more only with origin headers
  c.args.push_back("XADD");
  c.args.push_back(stream_key(prefix, envelope.topic));
  if (max_len > 0) {
    c.args.insert(c.args.end(), {"MAXLEN", "~", std::to_string(max_len)});
  }
  c.args.push_back("*");
  auto set = [&](std::string_view name, std::string value) {
    c.args.emplace_back(name);
    c.args.push_back(std::move(value));
  };
  if (auto written = transports::write_fields(envelope, kFields, set); !written) return Unexpected{written.error()};
  c.args.emplace_back(kPayload);
  c.args.push_back(std::move(envelope.payload));
  return c;
}

Result<RawEnvelope> from_entry(std::string_view topic, std::string_view entry_id, const redisReply* fields) {
  auto malformed = [&](const std::string& why) {
    return unexpected(Errc::kInvalidArgument, "entry " + std::string(entry_id) + " of " + std::string(topic) +
                                                  " is not an avx event: " + why);
  };
  if (fields == nullptr || fields->type != REDIS_REPLY_ARRAY || fields->elements % 2 != 0) {
    return malformed("its fields are not name-value pairs");
  }
  RawEnvelope out;
  out.topic = std::string(topic);
  EntryFields source(fields);
  if (auto read = transports::read_fields(kFields, source, out); !read) return malformed(read.error().message());
  bool has_payload = false;
  source.each([&](std::string_view name, std::string_view value) {
    if (name == kPayload && !has_payload) {
      out.payload.assign(value);
      has_payload = true;
    }
  });
  if (!has_payload) return malformed("no payload field");
  out.metadata.position = position_of(entry_id);
  return out;
}

std::uint64_t position_of(std::string_view entry_id) {
  const auto dash = entry_id.find('-');
  if (dash == std::string_view::npos) return 0;
  std::uint64_t ms = 0, seq = 0;
  auto [end1, ec1] = std::from_chars(entry_id.data(), entry_id.data() + dash, ms);
  auto [end2, ec2] = std::from_chars(entry_id.data() + dash + 1, entry_id.data() + entry_id.size(), seq);
  if (ec1 != std::errc() || ec2 != std::errc() || end1 != entry_id.data() + dash ||
      end2 != entry_id.data() + entry_id.size() || ms >= (std::uint64_t{1} << 43)) {
    return 0;
  }
  return (ms << 20) | std::min<std::uint64_t>(seq, (std::uint64_t{1} << 20) - 1);
}

}  // namespace avx::events::redis::internal
