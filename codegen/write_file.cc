#include "codegen/write_file.h"

#include <fstream>
#include <sstream>
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

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace avx::codegen
