// Generated upcasters: a declarative step (rename, new fields from defaults) and a custom step
// the user defines, chained to read the oldest version as the current one.

#include "tests/schemas/upcasts.avx.h"

#include <string>

#include <gtest/gtest.h>

#include "tests/schemas/orders.avx.h"

namespace tests::upcasts {

// The custom step v2 -> v3, as a user writes it: the balance was a decimal string.
AccountOpened upcast(AccountOpenedV2 old) {
  AccountOpened out;
  out.account_id = std::move(old.account_id);
  out.owner = std::move(old.owner);
  auto dot = old.balance.find('.');
  std::string units = old.balance.substr(0, dot);
  std::string cents = dot == std::string::npos ? "00" : (old.balance.substr(dot + 1) + "00").substr(0, 2);
  out.balance_cents = std::stoll(units) * 100 + std::stoll(cents);
  out.currency = std::move(old.currency);
  return out;
}

}  // namespace tests::upcasts

namespace {

using tests::upcasts::AccountOpened;
using tests::upcasts::AccountOpenedV1;
using tests::upcasts::AccountOpenedV2;

TEST(Upcast, SupersededVersionsKeepTheirTypeNameAndVersion) {
  EXPECT_EQ(AccountOpenedV1::kType, AccountOpened::kType);
  EXPECT_EQ(AccountOpenedV1::kVersion, 1u);
  EXPECT_EQ(AccountOpenedV2::kVersion, 2u);
  EXPECT_EQ(AccountOpened::kVersion, 3u);
}

TEST(Upcast, DeclarativeStepRenamesAndFillsDefaults) {
  AccountOpenedV2 v2 = upcast(AccountOpenedV1{"a-1", "Ada", "12.5"});
  EXPECT_EQ(v2.account_id, "a-1");
  EXPECT_EQ(v2.owner, "Ada");  // renamed from holder
  EXPECT_EQ(v2.balance, "12.5");
  EXPECT_EQ(v2.currency, "USD");  // absent in v1: v2's default
}

TEST(Upcast, StoredBytesOfTheOldestVersionReadAsTheCurrentType) {
  // What a store does: decode with the stored version's struct, then upcast step by step.
  std::string stored = avx::events::encode(AccountOpenedV1{"a-7", "Grace", "3.07"});
  auto v1 = avx::events::decode<AccountOpenedV1>(stored);
  ASSERT_TRUE(v1.has_value()) << v1.error().message();
  AccountOpened current = upcast(upcast(std::move(*v1)));
  EXPECT_EQ(current, (AccountOpened{"a-7", "Grace", 307, "USD", std::nullopt}));
}

// The generated registry chains the declarative step and the user's custom step.
TEST(Upcast, RegistryReadsEveryStoredVersionAsTheCurrentType) {
  avx::events::TypeRegistry registry;
  tests::upcasts::register_types(registry);
  EXPECT_EQ(registry.size(), 3u);
  EXPECT_EQ(registry.topic_of(AccountOpened::kType), AccountOpened::kTopic);  // the relay publishes there
  EXPECT_FALSE(registry.topic_of("tests.upcasts.Unknown"));
  avx::events::RecordedEvent stored;
  stored.stream = "Account-a-9";
  stored.position = 12;
  stored.version = 1;
  stored.type = std::string(AccountOpened::kType);
  stored.schema_version = 1;
  stored.payload = avx::events::encode(AccountOpenedV1{"a-9", "Linus", "0.5"});
  auto current = registry.read<AccountOpened>(stored);
  ASSERT_TRUE(current.has_value()) << current.error().message();
  EXPECT_EQ(*current, (AccountOpened{"a-9", "Linus", 50, "USD", std::nullopt}));
  // The custom step throws on a balance that is not a number: an error naming the event, not a crash.
  stored.payload = avx::events::encode(AccountOpenedV1{"a-9", "Linus", "lots"});
  auto thrown = registry.read<AccountOpened>(stored);
  ASSERT_FALSE(thrown.has_value());
  EXPECT_NE(thrown.error().message().find("event at position 12"), std::string::npos) << thrown.error().message();
  EXPECT_NE(thrown.error().message().find("upcast to tests.upcasts.AccountOpened v3 failed"), std::string::npos)
      << thrown.error().message();
  stored.payload = "garbage!";
  auto bad = registry.read<AccountOpened>(stored);
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message().find("event at position 12"), std::string::npos) << bad.error().message();
}

// Read as another type or from a version nobody registered: an error naming the event, whatever
// the bytes; the current version reads without an upcast.
TEST(Upcast, RegistryRefusesAnotherTypeAndUnknownVersions) {
  avx::events::TypeRegistry registry;
  tests::upcasts::register_types(registry);
  tests::orders::register_types(registry);
  avx::events::RecordedEvent stored;
  stored.stream = "Account-a-1";
  stored.position = 7;
  stored.type = std::string(AccountOpened::kType);
  stored.schema_version = AccountOpened::kVersion;
  stored.payload = avx::events::encode(AccountOpened{"a-1", "Ada", 5, "EUR", std::nullopt});
  auto current = registry.read<AccountOpened>(stored);
  ASSERT_TRUE(current.has_value()) << current.error().message();
  EXPECT_EQ(*current, (AccountOpened{"a-1", "Ada", 5, "EUR", std::nullopt}));
  auto other = registry.read<tests::orders::OrderPlaced>(stored);
  ASSERT_FALSE(other.has_value());
  EXPECT_NE(other.error().message().find("is a tests.upcasts.AccountOpened, not a tests.orders.OrderPlaced"),
            std::string::npos)
      << other.error().message();
  stored.schema_version = 99;
  auto unknown = registry.read<AccountOpened>(stored);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code(), avx::events::Errc::kNotFound);
  EXPECT_NE(unknown.error().message().find("event at position 7"), std::string::npos) << unknown.error().message();
  stored.type = "tests.upcasts.AccountOpene";  // a prefix of a registered type is another type
  stored.schema_version = AccountOpened::kVersion;
  EXPECT_FALSE(registry.read<AccountOpened>(stored).has_value());
}

TEST(Upcast, OrdersRenameCarriesTheRecordOver) {
  tests::orders::OrderPlacedV1 old{"o-1", "c-1", {{"sku", 2, {150, tests::orders::Currency::EUR}}}, {300, tests::orders::Currency::EUR}};
  tests::orders::OrderPlaced now = upcast(old);
  EXPECT_EQ(now.total, old.amount);
  EXPECT_EQ(now.lines, old.lines);
  EXPECT_EQ(now.channel, "web");
  EXPECT_FALSE(now.note.has_value());
}

// Bytes written by the old schema decode with the new one when the change was only appending:
// the appended field reads as its default (written into the wire schema), not as empty.
TEST(Upcast, AppendedDefaultedFieldReadsAsDefaultFromOldBytes) {
  std::string v1_bytes = avx::events::encode(tests::orders::OrderPlacedV1{"o-2", "c-2"});
  auto as_current = avx::events::decode<tests::orders::OrderPlaced>(v1_bytes);
  ASSERT_TRUE(as_current.has_value());
  EXPECT_EQ(as_current->order_id, "o-2");
  EXPECT_EQ(as_current->channel, "web");
}

}  // namespace
