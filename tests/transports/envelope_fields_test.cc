// The envelope as named fields, without a broker: what every transport writes and refuses alike.
// A correlation id comes from callers (an HTTP request's X-Request-Id, say): one with a line break
// would add a header line of its own to a NATS message, one with invalid UTF-8 would be refused by
// a store downstream. Neither is written, and neither is read.

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "avx/events/transports/envelope_fields.h"

namespace {

using avx::events::Errc;
using avx::events::EventId;
using avx::events::RawEnvelope;
using avx::events::transports::FieldNames;
using avx::events::transports::FieldSource;
using avx::events::transports::FieldVisitor;

const FieldNames kNames{"id", "type", "v", "ts", "corr", "caus", "agg", "aggv", "user", "src", "h-"};

class MapFields final : public FieldSource {
 public:
  std::map<std::string, std::string, std::less<>> fields;
  std::string_view get(const char* name) const override {
    auto it = fields.find(name);
    return it == fields.end() ? std::string_view() : std::string_view(it->second);
  }
  void each(const FieldVisitor& visit) const override {
    for (const auto& [name, value] : fields) visit(name, value);
  }
};

RawEnvelope envelope() {
  RawEnvelope e;
  e.type = "shop.OrderPlaced";
  e.schema_version = 2;
  e.metadata.event_id = EventId::generate();
  e.metadata.timestamp = avx::events::timestamp_from_nanos(1'700'000'000'000'000'000);
  e.metadata.correlation_id = "req-\u00e9-42";
  e.metadata.causation_id = "cmd-7";
  e.metadata.aggregate_id = "order-1";
  e.metadata.version = 3;
  e.metadata.origin = {"ada", "shop", {{"tenant", "acme"}}};
  return e;
}

MapFields written(const RawEnvelope& e) {
  MapFields out;
  auto wrote = avx::events::transports::write_fields(
      e, kNames, [&](std::string_view name, std::string value) { out.fields[std::string(name)] = std::move(value); });
  EXPECT_TRUE(wrote) << wrote.error().message();
  return out;
}

TEST(EnvelopeFields, AWellFormedEnvelopeIsReadBackAsWritten) {
  const RawEnvelope sent = envelope();
  RawEnvelope got;
  auto read = avx::events::transports::read_fields(kNames, written(sent), got);
  ASSERT_TRUE(read) << read.error().message();
  EXPECT_EQ(got.type, sent.type);
  EXPECT_EQ(got.schema_version, sent.schema_version);
  EXPECT_EQ(got.metadata.event_id, sent.metadata.event_id);
  EXPECT_EQ(got.metadata.correlation_id, sent.metadata.correlation_id);
  EXPECT_EQ(got.metadata.causation_id, sent.metadata.causation_id);
  EXPECT_EQ(got.metadata.aggregate_id, sent.metadata.aggregate_id);
  EXPECT_EQ(got.metadata.version, sent.metadata.version);
  EXPECT_EQ(got.metadata.origin, sent.metadata.origin);
}

TEST(EnvelopeFields, TextsThatWouldBreakAHeaderOrAStoreAreNeitherWrittenNorRead) {
  using Spoil = void (*)(RawEnvelope&);
  const std::pair<Spoil, const char*> spoilers[] = {
      {[](RawEnvelope& e) { e.metadata.correlation_id = "x\r\nNats-Msg-Id: forged"; }, "correlation id"},
      {[](RawEnvelope& e) { e.metadata.correlation_id = std::string("\xff", 1); }, "correlation id"},
      {[](RawEnvelope& e) { e.metadata.causation_id = std::string("a\0b", 3); }, "causation id"},
      {[](RawEnvelope& e) { e.metadata.aggregate_id = "tab\there"; }, "aggregate id"},
      {[](RawEnvelope& e) { e.type = std::string("t\xc3", 2); }, "type"}};
  for (const auto& [spoil, field] : spoilers) {
    RawEnvelope bad = envelope();
    spoil(bad);
    int fields_written = 0;
    auto wrote = avx::events::transports::write_fields(bad, kNames,
                                                       [&](std::string_view, std::string) { ++fields_written; });
    ASSERT_FALSE(wrote) << field;
    EXPECT_EQ(wrote.error().code(), Errc::kInvalidArgument);
    EXPECT_NE(wrote.error().message().find(field), std::string::npos) << wrote.error().message();
    EXPECT_EQ(fields_written, 0) << field;

    // The same text arriving from a foreign or hostile publisher.
    MapFields received = written(envelope());
    RawEnvelope spoiled = envelope();
    spoil(spoiled);
    received.fields["type"] = spoiled.type;
    received.fields["corr"] = spoiled.metadata.correlation_id;
    received.fields["caus"] = spoiled.metadata.causation_id;
    received.fields["agg"] = spoiled.metadata.aggregate_id;
    RawEnvelope got;
    auto read = avx::events::transports::read_fields(kNames, received, got);
    ASSERT_FALSE(read) << field;
    EXPECT_EQ(read.error().code(), Errc::kInvalidArgument);
    EXPECT_NE(read.error().message().find(field), std::string::npos) << read.error().message();
  }
}

}  // namespace
