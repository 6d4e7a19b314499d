// Fuzz target: any text as a Cap'n Proto schema, through Cap'n Proto's compiler, our reader of its
// nodes, the checks and the emitter. Errors are diagnostics; nothing may crash, hang or run out of
// memory.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>

#include "codegen/frontend/capnp_reader.h"
#include "codegen/frontend/capnp_session.h"
#include "tests/fuzz/schema_fuzz.h"

namespace {

std::set<int> urandom_descriptors() {
  std::set<int> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    if (std::filesystem::read_symlink(entry.path(), ec) == "/dev/urandom") out.insert(std::stoi(entry.path().filename()));
  }
  return out;
}

// Cap'n Proto 0.9.2 gives a file without an id a random one (to suggest it in the error) and never
// closes the /dev/urandom descriptor it read it from. The tool compiles a few files and exits, so
// there it costs nothing; a fuzzer compiles millions in one process and would run out of
// descriptors, so this (single-threaded) harness closes what the compiler left open.
class CloseLeakedUrandom {
 public:
  CloseLeakedUrandom() : before_(urandom_descriptors()) {}
  ~CloseLeakedUrandom() {
    for (int fd : urandom_descriptors()) {
      if (!before_.count(fd)) close(fd);
    }
  }

 private:
  std::set<int> before_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  CloseLeakedUrandom guard;
  std::string text(reinterpret_cast<const char*>(data), size);
  avx::codegen::Diagnostics diags;
  avx::codegen::CapnpSession session(".", diags);
  auto package = avx::codegen::read_capnp_schema(session, "fuzz.capnp", text, diags);
  avx::fuzz::check_and_emit(std::move(package), diags);
  return 0;
}
