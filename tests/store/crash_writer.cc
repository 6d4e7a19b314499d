// Child process of the crash-safety test: appends batches to a SQLite store forever and prints an
// acknowledgment line per committed batch ("ACK <batch> <size>"), until it is killed.
//   crash_writer DB_PATH FIRST_BATCH

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "avx/events/sqlite.h"
#include "avx/events/store.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: crash_writer DB_PATH FIRST_BATCH\n");
    return 2;
  }
  auto store = avx::events::open_sqlite_store(argv[1]);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message().c_str());
    return 1;
  }
  for (long batch = std::atol(argv[2]);; ++batch) {
    int size = 1 + static_cast<int>(batch % 4);
    std::vector<avx::events::EventData> events;
    for (int i = 0; i < size; ++i) {
      avx::events::EventData e;
      e.event_id = avx::events::EventId::generate();
      e.type = "crash.Written";
      e.correlation_id = "batch-" + std::to_string(batch);
      e.payload = std::to_string(i) + "/" + std::to_string(size);
      events.push_back(std::move(e));
    }
    auto r = (*store)->append("stream-" + std::to_string(batch % 5), avx::events::ExpectedVersion::any(), events);
    if (!r) {
      std::fprintf(stderr, "append failed: %s\n", r.error().message().c_str());
      return 1;
    }
    std::printf("ACK %ld %d\n", batch, size);
    std::fflush(stdout);
  }
}
