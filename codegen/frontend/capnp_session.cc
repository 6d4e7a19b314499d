#include "codegen/frontend/capnp_session.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include <kj/exception.h>

#include "codegen/frontend/annotations_capnp.h"
#include "codegen/frontend/yaml_source.h"  // kMaxSchemaBytes: one limit for every schema file

namespace avx::codegen {
namespace fs = std::filesystem;

struct CapnpSession::Impl {
  fs::path root;         // absolute
  std::string root_arg;  // as given, to name imported files the way the loader does
  Diagnostics& diags;
  capnp::SchemaParser parser;
  std::map<std::string, std::vector<CapnpImport>> imports;  // by importing file's key
  std::size_t errors = 0;                                    // compiler errors so far

  Impl(std::string root_in, Diagnostics& d)
      : root(fs::absolute(root_in).lexically_normal()), root_arg(std::move(root_in)), diags(d) {}

  std::string display_of(const std::string& under_root) const {
    return root_arg == "." ? under_root : (fs::path(root_arg) / under_root).string();
  }
};

namespace {

fs::path location_of(const fs::path& path) { return fs::absolute(path).lexically_normal(); }

// Identity: the same file reached through a symlink is compiled once.
std::string key_of(const fs::path& location) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(location, ec);
  return (ec ? location : canonical).string();
}

kj::Array<const char> to_array(const std::string& text) {
  auto out = kj::heapArray<char>(text.size());
  std::copy(text.begin(), text.end(), out.begin());
  return out;
}

class SessionFile;
kj::Own<SessionFile> annotations_file(CapnpSession::Impl& session);

// A schema file as the compiler sees it. Equal files (same key) are compiled once. `location` is
// where it was reached (absolute, symlinks kept), which relative imports start from.
class SessionFile final : public capnp::SchemaFile {
 public:
  SessionFile(CapnpSession::Impl& session, std::string display, fs::path location, std::optional<std::string> content)
      : session_(session), display_(std::move(display)), location_(std::move(location)),
        key_(content && location_.empty() ? display_ : key_of(location_)), content_(std::move(content)) {}

  kj::StringPtr getDisplayName() const override { return display_.c_str(); }

  kj::Array<const char> readContent() const override {
    if (content_) return to_array(*content_);
    std::error_code ec;
    if (fs::file_size(key_, ec) > kMaxSchemaBytes) {
      report_at_start("schema is larger than " + std::to_string(kMaxSchemaBytes) + " bytes");
      return to_array("");
    }
    std::ifstream in(key_, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) report_at_start("cannot read schema");
    return to_array(text.str());
  }

  kj::Maybe<kj::Own<capnp::SchemaFile>> import(kj::StringPtr written) const override {
    std::string path = written.cStr();
    if (path == kAnnotationsImport) return kj::Own<capnp::SchemaFile>(annotations_file(session_));
    fs::path target = (!path.empty() && path[0] == '/' ? session_.root / path.substr(1)
                                                        : location_.parent_path() / path).lexically_normal();
    std::error_code ec;
    if (!fs::is_regular_file(target, ec)) return nullptr;  // the compiler reports the failed import
    std::string under_root = target.lexically_relative(session_.root).string();
    session_.imports[key_].push_back(CapnpImport{path, under_root});
    return kj::Own<capnp::SchemaFile>(
        kj::heap<SessionFile>(session_, session_.display_of(under_root), target, std::nullopt));
  }

  bool operator==(const capnp::SchemaFile& other) const override {
    return key_ == static_cast<const SessionFile&>(other).key_;
  }
  bool operator!=(const capnp::SchemaFile& other) const override { return !(*this == other); }
  size_t hashCode() const override { return std::hash<std::string>()(key_); }

  void reportError(SourcePos start, SourcePos, kj::StringPtr message) const override {
    ++session_.errors;
    session_.diags.error({display_, static_cast<int>(start.line) + 1, static_cast<int>(start.column) + 1},
                         message.cStr());
  }

 private:
  void report_at_start(const std::string& message) const {
    ++session_.errors;
    session_.diags.error({display_, 1, 1}, message);
  }

  CapnpSession::Impl& session_;
  std::string display_;
  fs::path location_;  // empty for the built-in annotations
  std::string key_;
  std::optional<std::string> content_;
};

kj::Own<SessionFile> annotations_file(CapnpSession::Impl& session) {
  return kj::heap<SessionFile>(session, "avx/events/annotations.capnp", fs::path(), std::string(kAnnotationsCapnp));
}

}  // namespace

CapnpSession::CapnpSession(std::string root, Diagnostics& diags) : impl_(std::make_unique<Impl>(std::move(root), diags)) {
  auto file = impl_->parser.parseFile(annotations_file(*impl_));
  CapnpAnnotations& a = annotations_;
  a.file = file;
  auto id = [&](const char* name) { return file.getNested(name).getProto().getId(); };
  a.package = id("package");
  a.topics = id("topics");
  a.event = id("event");
  a.history = id("history");
  a.aggregate = id("aggregate");
  a.command = id("command");
  a.query = id("query");
  a.optional = id("optional");
  a.deprecated = id("deprecated");
  a.timestamp = id("timestamp");
  a.duration = id("duration");
  a.uuid = id("uuid");
  a.map = id("map");
  a.topic_info = file.getNested("TopicInfo").asStruct();
  a.event_info = file.getNested("EventInfo").asStruct();
  a.history_info = file.getNested("HistoryInfo").asStruct();
  a.aggregate_info = file.getNested("AggregateInfo").asStruct();
  a.command_info = file.getNested("CommandInfo").asStruct();
  a.query_info = file.getNested("QueryInfo").asStruct();
}

CapnpSession::~CapnpSession() = default;

std::optional<capnp::ParsedSchema> CapnpSession::compile(const std::string& path, std::string text) {
  return compile_file(path, std::move(text));
}

std::optional<capnp::ParsedSchema> CapnpSession::compile_import(const std::string& path) {
  return compile_file(impl_->display_of(path), std::nullopt);
}

std::optional<capnp::ParsedSchema> CapnpSession::compile_file(const std::string& path, std::optional<std::string> text) {
  std::size_t errors_before = impl_->errors;
  try {
    auto parsed = impl_->parser.parseFile(kj::heap<SessionFile>(*impl_, path, location_of(path), std::move(text)));
    if (impl_->errors == errors_before) return parsed;
  } catch (const kj::Exception& e) {
    impl_->diags.error({path, 1, 1}, std::string("Cap'n Proto: ") + e.getDescription().cStr());
  }
  return std::nullopt;
}

std::vector<CapnpImport> CapnpSession::imports_of(const std::string& path) const {
  auto it = impl_->imports.find(key_of(location_of(path)));
  return it == impl_->imports.end() ? std::vector<CapnpImport>{} : it->second;
}

}  // namespace avx::codegen
