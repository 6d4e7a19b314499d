// The generated codecs write and read Cap'n Proto structs by slot (the generator lays them out
// with Cap'n Proto's compiler), not through capnp's generated accessors. These tests hold them to
// Cap'n Proto itself: bytes we write are read by capnp's generated readers of the same .capnp,
// bytes capnp's generated builders write decode to the same value, and defaults (stored XOR the
// default, as capnp stores them) agree both ways. Every field type of all_types.yaml is covered.

#include <cstring>
#include <string>

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include "tests/schemas/all_types.avx.capnp.h"
#include "tests/codec/every_field_set.h"
#include "tests/schemas/all_types.avx.h"

namespace {

using tests::all::Color;
using tests::all::Everything;
using tests::all::Shape;
namespace wire = tests::all::wire;

std::string text(capnp::Text::Reader t) { return std::string(t.cStr(), t.size()); }
std::string bytes(capnp::Data::Reader d) { return std::string(reinterpret_cast<const char*>(d.begin()), d.size()); }

Everything full() { return avx::testing::every_field_set(); }

// Reads `payload` with capnp's generated reader and hands it to `check`.
template <class Check>
void read_with_capnp(const std::string& payload, Check check) {
  auto words = kj::heapArray<capnp::word>(payload.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), payload.data(), payload.size());
  capnp::FlatArrayMessageReader reader(words);
  check(reader.getRoot<wire::Everything>());
}

std::string flat(capnp::MessageBuilder& message) {
  auto words = capnp::messageToFlatArray(message);
  auto b = words.asBytes();
  return std::string(reinterpret_cast<const char*>(b.begin()), b.size());
}

TEST(CapnpInterop, CapnpsGeneratedReadersReadWhatWeWrite) {
  read_with_capnp(avx::events::encode(full()), [](wire::Everything::Reader r) {
    EXPECT_TRUE(r.getFlag());
    EXPECT_EQ(r.getI32(), -123);
    EXPECT_EQ(r.getI64(), std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(r.getU32(), 4000000000u);
    EXPECT_EQ(r.getU64(), std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(r.getF32(), 1.5f);
    EXPECT_EQ(r.getF64(), -2.25);
    EXPECT_EQ(text(r.getText()), "héllo\nworld");
    EXPECT_EQ(bytes(r.getBlob()), std::string("\0\1\2\xff", 4));
    EXPECT_EQ(r.getAt(), 1700000000123456789);
    EXPECT_EQ(r.getTook(), 1500000000);
    EXPECT_EQ(text(r.getId()), "0f8fad5b-d9cb-469f-a165-70867728950e");
    EXPECT_EQ(r.getColor(), wire::Color::BLUE);
    EXPECT_EQ(text(r.getShape().getName()), "tri");
    ASSERT_EQ(r.getShape().getPoints().size(), 3u);
    EXPECT_EQ(r.getShape().getPoints()[1].getX(), 1);
    EXPECT_EQ(r.getShape().getPoints()[2].getY(), 1);
    EXPECT_EQ(r.getShape().getColor(), wire::Color::RED);
    ASSERT_EQ(r.getNumbers().size(), 3u);
    EXPECT_EQ(r.getNumbers()[1], -2);
    ASSERT_EQ(r.getNames().size(), 3u);
    EXPECT_EQ(text(r.getNames()[2]), "c");
    ASSERT_EQ(r.getBlobs().size(), 2u);
    EXPECT_EQ(bytes(r.getBlobs()[0]), std::string("\0", 1));
    ASSERT_EQ(r.getGrid().size(), 3u);
    EXPECT_EQ(r.getGrid()[0][1], 2);
    EXPECT_EQ(r.getGrid()[1].size(), 0u);
    ASSERT_EQ(r.getColors().size(), 2u);
    EXPECT_EQ(r.getColors()[0], wire::Color::GREEN);
    ASSERT_EQ(r.getShapes().size(), 2u);
    EXPECT_EQ(r.getShapes()[0].getColor(), wire::Color::BLUE);
    EXPECT_EQ(r.getShapes()[1].getColor(), wire::Color::GREEN);  // Shape{}: its schema default
    ASSERT_EQ(r.getByName().size(), 1u);
    EXPECT_EQ(text(r.getByName()[0].getKey()), "s");
    EXPECT_EQ(r.getByName()[0].getValue().getPoints()[0].getX(), 2);
    ASSERT_EQ(r.getCounts().size(), 2u);
    EXPECT_EQ(text(r.getCounts()[1].getKey()), "y");
    EXPECT_EQ(r.getCounts()[1].getValue(), -1);
    ASSERT_EQ(r.getNested().size(), 1u);
    EXPECT_EQ(text(r.getNested()[0].getValue()[0].getValue()), "v");
    EXPECT_TRUE(r.hasMaybeText());
    EXPECT_EQ(text(r.getMaybeText()), "");
    ASSERT_TRUE(r.hasMaybeInt());
    EXPECT_EQ(r.getMaybeInt().getValue(), 0);
    EXPECT_EQ(r.getMaybeColor().getValue(), wire::Color::RED);
    EXPECT_EQ(r.getMaybeAt().getValue(), 5);
    EXPECT_EQ(text(r.getMaybeShape().getName()), "opt");
    EXPECT_FALSE(r.hasOldField());
    EXPECT_EQ(text(r.getLabel()), "changed");
    EXPECT_EQ(r.getLevel(), 9);
    EXPECT_EQ(r.getRatio(), 0.0);
    EXPECT_FALSE(r.getEnabled());
  });
}

TEST(CapnpInterop, WeDecodeWhatCapnpsGeneratedBuildersWrite) {
  const Everything e = full();
  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<wire::Everything>();
  b.setFlag(true);
  b.setI32(e.i32);
  b.setI64(e.i64);
  b.setU32(e.u32);
  b.setU64(e.u64);
  b.setF32(e.f32);
  b.setF64(e.f64);
  b.setText(e.text);
  b.setBlob(capnp::Data::Reader(reinterpret_cast<const kj::byte*>(e.blob.data()), e.blob.size()));
  b.setAt(1700000000123456789);
  b.setTook(1500000000);
  b.setId(e.id);
  b.setColor(wire::Color::BLUE);
  auto shape = b.initShape();
  shape.setName("tri");
  auto points = shape.initPoints(3);
  points[1].setX(1);
  points[2].setY(1);
  shape.setColor(wire::Color::RED);
  auto numbers = b.initNumbers(3);
  numbers.set(0, 1), numbers.set(1, -2), numbers.set(2, 3);
  auto names = b.initNames(3);
  names.set(0, "a"), names.set(1, ""), names.set(2, "c");
  auto blobs = b.initBlobs(2);
  blobs.set(0, capnp::Data::Reader(reinterpret_cast<const kj::byte*>("\0"), 1));
  blobs.set(1, capnp::Data::Reader(reinterpret_cast<const kj::byte*>("x"), 1));
  auto grid = b.initGrid(3);
  grid.init(0, 2).set(0, 1), grid[0].set(1, 2);
  grid.init(1, 0);
  grid.init(2, 1).set(0, 3);
  auto colors = b.initColors(2);
  colors.set(0, wire::Color::GREEN), colors.set(1, wire::Color::RED);
  auto shapes = b.initShapes(2);
  shapes[0].setName("a"), shapes[0].setColor(wire::Color::BLUE);
  auto by_name = b.initByName(1);
  by_name[0].setKey("s");
  auto s = by_name[0].initValue();
  s.setName("s");
  s.initPoints(1)[0].setX(2), s.getPoints()[0].setY(3);
  auto counts = b.initCounts(2);
  counts[0].setKey("x"), counts[0].setValue(1);
  counts[1].setKey("y"), counts[1].setValue(-1);
  auto nested = b.initNested(1);
  nested[0].setKey("outer");
  auto inner = nested[0].initValue(1);
  inner[0].setKey("inner"), inner[0].setValue("v");
  b.setMaybeText("");
  b.initMaybeInt().setValue(0);
  b.initMaybeColor().setValue(wire::Color::RED);
  b.initMaybeAt().setValue(5);
  b.initMaybeShape().setName("opt");
  b.setLabel("changed");
  b.setLevel(9);
  b.setRatio(0.0);
  b.setEnabled(false);

  auto decoded = avx::events::decode<Everything>(flat(message));
  ASSERT_TRUE(decoded) << decoded.error().message();
  EXPECT_EQ(*decoded, e);
}

TEST(CapnpInterop, DefaultsAgreeBothWays) {
  read_with_capnp(avx::events::encode(Everything{}), [](wire::Everything::Reader r) {
    EXPECT_EQ(text(r.getLabel()), "hello \"world\"");
    EXPECT_EQ(r.getLevel(), -7);
    EXPECT_EQ(r.getRatio(), 0.5);
    EXPECT_TRUE(r.getEnabled());
    EXPECT_EQ(r.getShape().getColor(), wire::Color::GREEN);
    EXPECT_FALSE(r.hasMaybeInt());
    EXPECT_FALSE(r.hasMaybeShape());
  });
  capnp::MallocMessageBuilder nothing_set;
  nothing_set.initRoot<wire::Everything>();
  auto decoded = avx::events::decode<Everything>(flat(nothing_set));
  ASSERT_TRUE(decoded) << decoded.error().message();
  EXPECT_EQ(*decoded, Everything{});
  EXPECT_EQ(decoded->label, "hello \"world\"");
  EXPECT_EQ(decoded->level, -7);
  EXPECT_TRUE(decoded->enabled);
}

}  // namespace
