// A subscriber process for the kill-and-restart tests (durable_kill.h): subscribes durably as
// "worker" to the store at URL, appends each handled event's position to OUT as a line (written
// before the handler returns), and exits once it handled position LAST.
//
//   durable_worker URL OUT LAST

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include <avx/events.h>
#include <avx/events/open_store.h>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: durable_worker URL OUT LAST\n");
    return 2;
  }
  const std::uint64_t last = std::strtoull(argv[3], nullptr, 10);
  const int out = open(argv[2], O_WRONLY | O_CREAT | O_APPEND, 0644);
  auto store = avx::events::open_store(argv[1]);
  if (out < 0 || !store) {
    std::fprintf(stderr, "durable_worker: %s\n", store ? "cannot open OUT" : store.error().message().c_str());
    return 2;
  }
  auto sub = avx::events::DurableSubscription::start(
      **store,
      [out](const avx::events::RecordedEvent& e) -> avx::events::Status {
        const std::string line = std::to_string(e.position) + "\n";
        if (write(out, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
          return avx::events::unexpected(avx::events::Errc::kUnavailable, "cannot write OUT");
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));  // so a kill lands mid-stream
        return {};
      },
      {.name = "worker"});
  if (!sub) {
    std::fprintf(stderr, "durable_worker: %s\n", sub.error().message().c_str());
    return 2;
  }
  if (!(*sub)->wait_for(last, std::chrono::minutes(2))) {
    auto error = (*sub)->stats().catch_up.error;
    std::fprintf(stderr, "durable_worker: did not reach %llu: %s\n", static_cast<unsigned long long>(last),
                 error ? error->message().c_str() : "timeout");
    return 1;
  }
  return 0;
}
