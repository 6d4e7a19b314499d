#include "codegen/compat/inputs.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "codegen/compile.h"

namespace avx::codegen::compat {
namespace {

namespace fs = std::filesystem;

bool is_schema(const fs::path& p) {
  return p.extension() == ".yaml" || p.extension() == ".yml" || p.extension() == ".capnp";
}

std::vector<std::string> schemas_under(const fs::path& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec) && is_schema(it->path())) files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void merge(SchemaSet& into, SchemaSet&& from) {
  for (auto& p : from.packages) into.packages.push_back(std::move(p));
  into.roots.insert(into.roots.end(), from.roots.begin(), from.roots.end());
}

std::string quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a shell command; returns its standard output without the trailing newline, or nullopt.
std::optional<std::string> capture(const std::string& command) {
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  std::array<char, 4096> buffer;
  while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  if (pclose(pipe) != 0) return std::nullopt;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

SchemaSet load_inputs(const std::vector<std::string>& paths, Diagnostics& diags) {
  SchemaSet all;
  for (const std::string& path : paths) {
    std::error_code ec;
    bool dir = fs::is_directory(path, ec);
    if (!dir && !fs::exists(path, ec)) {
      diags.error({path, 1, 1}, "no such schema file or directory");
      continue;
    }
    std::vector<std::string> files = dir ? schemas_under(path) : std::vector<std::string>{path};
    if (files.empty()) {  // comparing with nothing would pass every change
      diags.error({path, 1, 1}, "no schema files (*.yaml, *.yml, *.capnp) under this directory");
      continue;
    }
    SchemaSet set = compile_schemas(files, LoadOptions{dir ? path : "."}, diags);
    merge(all, std::move(set));
  }
  std::map<std::string, const Package*> seen;
  for (const auto& p : all.packages) {
    auto [it, inserted] = seen.emplace(p->name, p.get());
    if (!inserted && it->second->path != p->path) {
      diags.error(p->name_pos, "package " + p->name + " is also declared by " + it->second->path +
                                   "; give each package once per side of the comparison");
    }
  }
  return all;
}

GitCheckout::~GitCheckout() {
  if (!dir.empty()) {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
}

void checkout_git(const std::string& ref, const std::vector<std::string>& paths, GitCheckout& out) {
  if (ref.empty() || ref[0] == '-') {
    out.error = "invalid git revision '" + ref + "'";
    return;
  }
  auto top = capture("git rev-parse --show-toplevel");
  if (!top || !capture("git rev-parse --verify --quiet " + quote(ref + "^{commit}"))) {
    out.error = "cannot read git revision '" + ref + "' here (is this a git checkout, and does the revision exist?)";
    return;
  }
  std::string templ = (fs::temp_directory_path() / "avx-compat-XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) {
    out.error = "cannot create a temporary directory";
    return;
  }
  out.dir = templ;
  // From the top: run in a subdirectory, git archive would hold only that subdirectory.
  std::string command =
      "git -C " + quote(*top) + " archive --format=tar " + quote(ref) + " | tar -x -C " + quote(out.dir);
  if (std::system(command.c_str()) != 0) {
    out.error = "cannot extract git revision '" + ref + "'";
    return;
  }
  std::error_code root_ec;
  fs::path root = fs::weakly_canonical(*top, root_ec);
  for (const std::string& path : paths) {
    // Resolved like git does (symlinks, `..`), relative to the top of the work tree.
    std::error_code ec;
    fs::path relative = fs::weakly_canonical(fs::absolute(path), ec).lexically_relative(root);
    if (ec || relative.empty() || *relative.begin() == "..") continue;  // outside the repository
    fs::path old = fs::path(out.dir) / relative;
    if (fs::exists(old, ec)) out.paths.push_back(old.string());  // absent at ref: new, nothing to compare
  }
  if (out.paths.empty()) {
    out.error = "revision '" + ref + "' has none of the given schema files or directories; nothing to compare with";
  }
}

}  // namespace avx::codegen::compat
