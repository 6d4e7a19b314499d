#pragma once

// The SQLite file format of the event store: WAL, synchronous=FULL (an acknowledged append
// survives power loss), and a marker so a foreign file is refused rather than written into.

#include <array>
#include <memory>
#include <string>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include "avx/events/event_id.h"
#include "avx/events/result.h"

namespace avx::events::detail {

inline constexpr int kStoreApplicationId = 0x41565845;  // "AVXE"
inline constexpr int kStoreFormatVersion = 1;

// Opens (creating when absent) and checks the format; SQLite exceptions become errors.
Result<std::unique_ptr<SQLite::Database>> open_store_file(const std::string& path, bool read_only);

std::array<char, 16> id_bytes(const EventId& id);  // big-endian
EventId id_from_bytes(const void* data, int size);

}  // namespace avx::events::detail
