#pragma once

// Other processes' commits, as a wake-up: appends send NOTIFY avx_commits (delivered when they
// commit; the payload is empty), and this listener, on a connection of its own, calls `wake` when
// one arrives from another connection than the appending one, and after every reconnect
// (notifications are lost while disconnected, so a reader must look at the store then). Readers
// then read the store from where they are; nothing is carried in the notice itself.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "runtime/postgres/internal/pg.h"

namespace avx::events::pg {

inline constexpr const char* kCommitChannel = "avx_commits";

class CommitNotices {
 public:
  // Listens before it returns (when the server is there). `own_pid`: the appending connection's
  // server process (it changes when that connection is
  // reopened), whose notices this process already knows about. It outlives this object.
  CommitNotices(std::string conninfo, const std::atomic<int>& own_pid, std::function<void()> wake);
  ~CommitNotices();  // stops the thread
  CommitNotices(const CommitNotices&) = delete;
  CommitNotices& operator=(const CommitNotices&) = delete;

 private:
  void run(bool listening);
  bool listen();  // (re)connects and LISTENs; false while the server is away

  const std::string conninfo_;
  const std::atomic<int>& own_pid_;
  std::function<void()> wake_;
  std::unique_ptr<Connection> connection_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace avx::events::pg
