#include "tools/dev/temp_dir.h"

#include <cstdlib>
#include <map>
#include <mutex>
#include <stdexcept>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace avx::dev {
namespace fs = std::filesystem;
namespace {

constexpr const char* kLockFile = ".owner";

struct Locks {
  std::mutex mutex;
  std::map<std::string, int> fds;  // dir -> the open, locked .owner
};
Locks& locks() {
  static Locks* l = new Locks();  // outlives static servers torn down at exit
  return *l;
}

// Locks <dir>/.owner so that it is never seen unlocked: made and locked under another name, then
// renamed (the lock belongs to the file, not to its name).
int lock_dir(const std::string& dir) {
  const std::string staging = dir + "/.owner.new";
  const int fd = open(staging.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  if (flock(fd, LOCK_EX | LOCK_NB) != 0 || rename(staging.c_str(), (dir + "/" + kLockFile).c_str()) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// True when nobody holds <dir>/.owner's lock (its maker is gone); false when someone does or
// there is no such file.
bool abandoned(const fs::path& dir) {
  const int fd = open((dir / kLockFile).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool free = flock(fd, LOCK_EX | LOCK_NB) == 0;
  close(fd);  // lets go of the lock again, when it took it
  return free;
}

}  // namespace

int remove_abandoned_dirs(const std::string& prefix, const fs::path& parent) {
  int removed = 0;
  std::error_code error;
  for (fs::directory_iterator it(parent, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix + ".", 0) != 0 || !abandoned(it->path())) continue;
    std::error_code ignored;
    if (fs::remove_all(it->path(), ignored) > 0) ++removed;
  }
  return removed;
}

std::string make_temp_dir(const std::string& prefix, const fs::path& parent) {
  remove_abandoned_dirs(prefix, parent);
  std::string pattern = (parent / (prefix + ".XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error(prefix + ": mkdtemp failed in " + parent.string());
  const int fd = lock_dir(pattern);
  if (fd < 0) {
    std::error_code ignored;
    fs::remove_all(pattern, ignored);
    throw std::runtime_error(prefix + ": cannot lock " + pattern);
  }
  std::lock_guard lock(locks().mutex);
  locks().fds[pattern] = fd;
  return pattern;
}

void remove_temp_dir(const std::string& dir) noexcept {
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  std::lock_guard lock(locks().mutex);
  if (auto it = locks().fds.find(dir); it != locks().fds.end()) {
    close(it->second);
    locks().fds.erase(it);
  }
}

}  // namespace avx::dev
