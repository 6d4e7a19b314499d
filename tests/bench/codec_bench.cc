// The binary codec of a generated event beside Cap'n Proto's own generated code doing the same
// work by hand in the same binary: the generated codecs write and read by slot through helpers
// shared by every field of a type (so that they compile fast), and this shows what that costs at
// run time. Baseline: capnp's typed builder/reader for the same struct, the same copy into
// aligned words on read, every field copied into the same C++ struct.

#include <cstring>
#include <string>

#include <benchmark/benchmark.h>
#include <capnp/message.h>
#include <capnp/serialize.h>

#include "tests/schemas/orders.avx.capnp.h"
#include "tests/schemas/orders.avx.h"

namespace {

using tests::orders::Currency;
using tests::orders::OrderLine;
using tests::orders::OrderPlaced;
namespace wire = tests::orders::wire;

OrderPlaced order() {
  OrderPlaced o;
  o.order_id = "order-0001234";
  o.customer_id = "customer-42";
  o.lines = {OrderLine{"sku-1", 2, {1250, Currency::EUR}}, OrderLine{"sku-2", 1, {990, Currency::EUR}}};
  o.total = {3490, Currency::EUR};
  o.channel = "app";
  o.note = "leave at the door";
  o.tags = {{"gift", {"yes"}}};
  o.count = 3;
  return o;
}

std::string text_of(capnp::Text::Reader t) { return std::string(t.cStr(), t.size()); }

std::string capnp_encode(const OrderPlaced& o) {
  capnp::MallocMessageBuilder message;
  auto b = message.initRoot<wire::OrderPlaced>();
  b.setOrderId(o.order_id);
  b.setCustomerId(o.customer_id);
  auto lines = b.initLines(static_cast<unsigned>(o.lines.size()));
  for (unsigned i = 0; i < o.lines.size(); ++i) {
    lines[i].setSku(o.lines[i].sku);
    lines[i].setQuantity(o.lines[i].quantity);
    lines[i].getUnitPrice().setAmountCents(o.lines[i].unit_price.amount_cents);
    lines[i].getUnitPrice().setCurrency(static_cast<wire::Currency>(o.lines[i].unit_price.currency));
  }
  b.initTotal().setAmountCents(o.total.amount_cents);
  b.getTotal().setCurrency(static_cast<wire::Currency>(o.total.currency));
  b.setChannel(o.channel);
  if (o.note) b.setNote(*o.note);
  auto tags = b.initTags(static_cast<unsigned>(o.tags.size()));
  unsigned t = 0;
  for (const auto& [key, values] : o.tags) {
    tags[t].setKey(key);
    auto list = tags[t++].initValue(static_cast<unsigned>(values.size()));
    for (unsigned i = 0; i < values.size(); ++i) list.set(i, values[i]);
  }
  if (o.count) b.initCount().setValue(*o.count);
  auto words = capnp::messageToFlatArray(message);
  auto bytes = words.asBytes();
  return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

OrderPlaced capnp_decode(const std::string& payload) {
  auto words = kj::heapArray<capnp::word>(payload.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), payload.data(), payload.size());
  capnp::FlatArrayMessageReader reader(words);
  auto r = reader.getRoot<wire::OrderPlaced>();
  OrderPlaced o;
  o.order_id = text_of(r.getOrderId());
  o.customer_id = text_of(r.getCustomerId());
  for (auto line : r.getLines()) {
    o.lines.push_back({text_of(line.getSku()), line.getQuantity(),
                       {line.getUnitPrice().getAmountCents(), static_cast<Currency>(line.getUnitPrice().getCurrency())}});
  }
  o.total = {r.getTotal().getAmountCents(), static_cast<Currency>(r.getTotal().getCurrency())};
  o.channel = text_of(r.getChannel());
  if (r.hasNote()) o.note = text_of(r.getNote());
  for (auto entry : r.getTags()) {
    auto& values = o.tags[text_of(entry.getKey())];
    for (auto value : entry.getValue()) values.push_back(text_of(value));
  }
  if (r.hasCount()) o.count = r.getCount().getValue();
  return o;
}

void BM_Baseline_CapnpEncode(benchmark::State& state) {
  const OrderPlaced o = order();
  for (auto _ : state) benchmark::DoNotOptimize(capnp_encode(o));
}
BENCHMARK(BM_Baseline_CapnpEncode);

void BM_AvxCodec_Encode(benchmark::State& state) {
  const OrderPlaced o = order();
  for (auto _ : state) benchmark::DoNotOptimize(avx::events::encode(o));
}
BENCHMARK(BM_AvxCodec_Encode);

void BM_Baseline_CapnpDecode(benchmark::State& state) {
  const std::string payload = capnp_encode(order());
  if (!(capnp_decode(payload) == order())) state.SkipWithError("the baseline does not round-trip");
  for (auto _ : state) benchmark::DoNotOptimize(capnp_decode(payload));
}
BENCHMARK(BM_Baseline_CapnpDecode);

void BM_AvxCodec_Decode(benchmark::State& state) {
  const std::string payload = avx::events::encode(order());
  for (auto _ : state) benchmark::DoNotOptimize(avx::events::decode<OrderPlaced>(payload));
}
BENCHMARK(BM_AvxCodec_Decode);

}  // namespace

BENCHMARK_MAIN();
