#include "codegen/frontend/loader.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "codegen/frontend/capnp_reader.h"
#include "codegen/frontend/capnp_session.h"
#include "codegen/frontend/yaml_reader.h"
#include "codegen/frontend/yaml_source.h"

namespace avx::codegen {
namespace {

namespace fs = std::filesystem;

class Loader {
 public:
  Loader(const LoadOptions& options, Diagnostics& diags, SchemaSet& set)
      : options_(options), diags_(diags), set_(set) {}

  // Returns the package, or null when it could not be read. `from` is the import position.
  const Package* load(const std::string& path, const SourcePos& from) {
    std::string key = fs::path(path).lexically_normal().string();
    if (auto it = state_.find(key); it != state_.end()) {
      if (it->second.loading) {
        diags_.error(from, "import cycle: " + path + " imports itself, directly or through others");
        return nullptr;
      }
      return it->second.package;
    }
    state_[key] = {nullptr, true};
    auto text = read_file(path, from);
    std::unique_ptr<Package> pkg = text ? read_schema(path, *text) : nullptr;
    const Package* result = pkg.get();
    if (pkg) {
      for (Import& import : pkg->imports) {
        fs::path full = fs::path(options_.root) / import.path;
        import.package = load(options_.root == "." ? import.path : full.string(), import.pos);
      }
      set_.packages.push_back(std::move(pkg));
    }
    state_[key] = {result, false};
    return result;
  }

 private:
  // By extension: `.capnp` is Cap'n Proto (SCHEMA.md section 4), anything else YAML.
  std::unique_ptr<Package> read_schema(const std::string& path, const std::string& text) {
    if (fs::path(path).extension() != ".capnp") return read_yaml_schema(path, text, diags_);
    if (!capnp_) capnp_ = std::make_unique<CapnpSession>(options_.root, diags_);
    return read_capnp_schema(*capnp_, path, text, diags_);
  }

  std::optional<std::string> read_file(const std::string& path, const SourcePos& from) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      diags_.error(from, "cannot read schema '" + path + "': " + (fs::exists(path, ec) ? "not a regular file" : "no such file"));
      return std::nullopt;
    }
    if (fs::file_size(path, ec) > kMaxSchemaBytes) {
      diags_.error(from, "schema '" + path + "' is larger than " + std::to_string(kMaxSchemaBytes) + " bytes");
      return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in.good() && !in.eof()) {
      diags_.error(from, "cannot read schema '" + path + "'");
      return std::nullopt;
    }
    return content.str();
  }

  struct State {
    const Package* package = nullptr;
    bool loading = false;
  };

  const LoadOptions& options_;
  Diagnostics& diags_;
  SchemaSet& set_;
  std::map<std::string, State> state_;
  std::unique_ptr<CapnpSession> capnp_;  // one Cap'n Proto compiler for the run, made on first use
};

}  // namespace

SchemaSet load_schemas(const std::vector<std::string>& files, const LoadOptions& options, Diagnostics& diags) {
  SchemaSet set;
  Loader loader(options, diags, set);
  for (const std::string& file : files) {
    if (const Package* pkg = loader.load(file, SourcePos{file, 1, 1})) set.roots.push_back(pkg);
  }
  return set;
}

}  // namespace avx::codegen
