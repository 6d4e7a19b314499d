// Fuzz target: a stored event whose columns are any bytes (a corrupted or hostile store file),
// read through the generated registry and shown as the CLI shows it: errors, never a crash, and
// JSON lines that are always JSON. The same bytes as a headers column parse to valid headers or
// to an error.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "avx/events/headers_json.h"
#include "tests/schemas/all_types.avx.h"
#include "tools/cli/event_format.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  avx::events::RecordedEvent e;
  e.schema_version = data[0] % 3;
  std::size_t split = rest.empty() ? 0 : data[1] % (rest.size() + 1);
  e.type = data[0] & 0x80 ? std::string(tests::all::Everything::kType) : std::string(rest.substr(0, split));
  e.correlation_id = std::string(rest.substr(0, split));
  e.stream = std::string(rest.substr(split / 2, split - split / 2));
  e.payload = std::string(rest.substr(split));
  e.origin.user_id = std::string(rest.substr(0, split));
  e.origin.headers[std::string(rest.substr(split / 2, split - split / 2))] = std::string(rest.substr(split));
  // A headers column of any bytes: an error or headers check_origin accepts, nothing else.
  if (auto headers = avx::events::headers_from_json(rest)) {
    if (!avx::events::check_origin(avx::events::Origin{"", "", *headers})) std::abort();
  }
  avx::events::TypeRegistry registry;
  tests::all::register_types(registry);
  (void)registry.read_any(e);
  (void)registry.to_json(e);
  (void)avx::tools::event_line(e, nullptr);
  auto line = avx::tools::json_line(avx::tools::event_json(e, nullptr));
  if (!nlohmann::json::accept(line)) std::abort();
  return 0;
}
