// Fuzz target: a broker message's fields (lines of name=value), as the NATS and Redis transports
// hand them to the shared envelope reader. Reading never crashes; what it accepts writes back to
// fields that read as the same envelope (nothing the reader accepts is lost or changed on the way
// out again).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "avx/events/transports/envelope_fields.h"

namespace {

using avx::events::RawEnvelope;
using avx::events::transports::FieldNames;
using avx::events::transports::FieldVisitor;

constexpr FieldNames kNames{"id", "type", "v", "ts", "corr", "caus", "agg", "aggv", "user", "source", "h:"};

class Fields final : public avx::events::transports::FieldSource {
 public:
  std::vector<std::pair<std::string, std::string>> items;
  std::string_view get(const char* name) const override {
    for (const auto& [n, v] : items) {
      if (n == name) return v;
    }
    return {};
  }
  void each(const FieldVisitor& visit) const override {
    for (const auto& [n, v] : items) visit(n, v);
  }
};

bool same(const RawEnvelope& a, const RawEnvelope& b) {
  const auto& x = a.metadata;
  const auto& y = b.metadata;
  return a.type == b.type && a.schema_version == b.schema_version && x.event_id == y.event_id &&
         x.timestamp == y.timestamp && x.correlation_id == y.correlation_id && x.causation_id == y.causation_id &&
         x.aggregate_id == y.aggregate_id && x.version == y.version && x.origin == y.origin;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Fields fields;
  while (!input.empty()) {
    const auto end = input.find('\n');
    std::string_view line = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    fields.items.emplace_back(line.substr(0, eq), line.substr(eq + 1));
  }
  RawEnvelope first;
  if (!avx::events::transports::read_fields(kNames, fields, first)) return 0;
  Fields written;
  auto sink = [&](std::string_view n, std::string v) { written.items.emplace_back(n, std::move(v)); };
  if (!avx::events::transports::write_fields(first, kNames, sink)) std::abort();  // it read it: it must write it
  RawEnvelope second;
  if (!avx::events::transports::read_fields(kNames, written, second) || !same(first, second)) std::abort();
  return 0;
}
