// Code generated from Cap'n Proto schemas by avx_events_cc_library, used as users use it: the
// imported record and enum, defaults from the .capnp, maps, times, the binary and JSON codecs,
// the bus; and a YAML schema of the same library that imports a .capnp.

#include <gtest/gtest.h>

#include "avx/events/bus.h"
#include "tests/capnp/notes.avx.h"
#include "tests/capnp/shop.avx.h"

namespace {

using avx::events::Envelope;
using tests::capnp::common::Channel;
using tests::capnp::common::Money;
using tests::capnp::shop::Paid;

TEST(CapnpLibrary, DefaultsNamesAndTopicComeFromTheCapnpSchema) {
  Paid paid;
  EXPECT_EQ(paid.channel, Channel::IN_STORE);  // `= inStore`
  EXPECT_EQ(paid.amount.currency, "EUR");      // the imported record's default
  EXPECT_EQ(Paid::kType, "tests.capnp.shop.Paid");
  EXPECT_EQ(Paid::kTopic, "tests.capnp.shop.paid");
  EXPECT_FALSE(paid.note.has_value());
}

TEST(CapnpLibrary, RoundTripsThroughBothCodecs) {
  Paid paid;
  paid.order_id = "o-1";
  paid.amount = Money{1250, "BRL"};
  paid.channel = Channel::WEB;
  paid.at = avx::events::timestamp_from_nanos(1795694400123000000);
  paid.tags = {{"gift", "yes"}};
  paid.note = "";
  auto decoded = avx::events::decode<Paid>(avx::events::encode(paid));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message();
  EXPECT_EQ(*decoded, paid);
  std::string json = avx::events::to_json(paid);
  EXPECT_NE(json.find("\"order_id\":\"o-1\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"channel\":\"WEB\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"at\":\"2026-11-26T"), std::string::npos) << json;
  auto from_json = avx::events::from_json<Paid>(json);
  ASSERT_TRUE(from_json.has_value()) << from_json.error().message();
  EXPECT_EQ(*from_json, paid);
}

TEST(CapnpLibrary, PublishesOnTheBus) {
  avx::events::EventBus bus;
  std::string seen;
  auto sub = bus.subscribe<Paid>([&](const Envelope<Paid>& e) { seen = e.event.order_id; });
  Paid paid;
  paid.order_id = "o-2";
  bus.publish(paid);
  EXPECT_EQ(seen, "o-2");
}

TEST(CapnpLibrary, YamlSchemaUsesTypesOfACapnpImport) {
  tests::capnp::notes::Noted noted;
  EXPECT_EQ(noted.channel, Channel::WEB);
  noted.text = "hi";
  noted.cost = Money{5, "USD"};
  auto decoded = avx::events::decode<tests::capnp::notes::Noted>(avx::events::encode(noted));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message();
  EXPECT_EQ(*decoded, noted);
}

}  // namespace
