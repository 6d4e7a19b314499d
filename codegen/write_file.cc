#include "codegen/write_file.h"

#include <fstream>
#include <system_error>

namespace avx::codegen {

bool write_atomically(const std::filesystem::path& path, const std::string& content, std::ostream& err) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.good()) {
      err << path.string() << ": error: cannot write\n";
      return false;
    }
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    err << path.string() << ": error: cannot write: " << ec.message() << "\n";
    return false;
  }
  return true;
}

}  // namespace avx::codegen
