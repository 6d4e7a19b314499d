#include "runtime/postgres/internal/commit_notices.h"

#include <poll.h>

#include <algorithm>
#include <chrono>

namespace avx::events::pg {
namespace {

constexpr int kPollMs = 200;  // how soon stopping is noticed
constexpr auto kRetry = std::chrono::milliseconds(500);

}  // namespace

CommitNotices::CommitNotices(std::string conninfo, const std::atomic<int>& own_pid, std::function<void()> wake)
    : conninfo_(std::move(conninfo)), own_pid_(own_pid), wake_(std::move(wake)) {
  // Listening before this returns: a listener added now hears of every commit after it was added
  // (what came before, it reads). If the server is away, the thread keeps trying and wakes then.
  const bool listening = listen();
  thread_ = std::thread([this, listening] { run(listening); });
}

CommitNotices::~CommitNotices() {
  stopping_ = true;
  thread_.join();
}

bool CommitNotices::listen() {
  if (!connection_) {
    auto opened = Connection::open(conninfo_);
    if (!opened) return false;
    connection_ = std::move(*opened);
  } else if (!connection_->reset()) {
    return false;
  }
  return connection_->exec_script((std::string("LISTEN ") + kCommitChannel).c_str()).has_value();
}

void CommitNotices::run(bool listening) {
  while (!stopping_) {
    if (!listening) {
      if (!(listening = listen())) {
        std::this_thread::sleep_for(kRetry);
        continue;
      }
      wake_();  // whatever was committed while we were not listening
    }
    pollfd fd{connection_->socket(), POLLIN, 0};
    if (poll(&fd, 1, kPollMs) <= 0) continue;
    if (!connection_->consume_input()) {
      listening = false;
      continue;
    }
    auto senders = connection_->take_notifications();
    if (std::any_of(senders.begin(), senders.end(), [this](int pid) { return pid != own_pid_.load(); })) wake_();
  }
}

}  // namespace avx::events::pg
