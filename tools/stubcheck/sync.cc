#include "tools/stubcheck/sync.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <tuple>

#include "codegen/emit/stubs.h"
#include "codegen/emit/type_names.h"
#include "codegen/model/names.h"
#include "codegen/write_file.h"
#include "tools/stubcheck/analysis.h"
#include "tools/stubcheck/edit.h"

namespace avx::stubcheck {
namespace {

namespace fs = std::filesystem;

// The stub files of one package, as `stubs` renders them: where the inserted text comes from, so
// an added handler reads exactly like one written at the start.
struct Rendered {
  std::string header;
  std::string source;
};

// `class PingHandlerImpl final ... };` from the rendered header.
std::string class_block(const std::string& header, const std::string& message) {
  std::size_t start = header.find("class " + codegen::handler_name(message) + "Impl final");
  std::size_t end = start == std::string::npos ? start : header.find("\n};\n", start);
  return end == std::string::npos ? "" : header.substr(start, end + 3 - start);
}

// The definition of PingHandlerImpl::handle, from its first line to its closing brace.
std::string definition_block(const std::string& source, const std::string& message) {
  std::size_t name = source.find(codegen::handler_name(message) + "Impl::handle(");
  if (name == std::string::npos) return "";
  std::size_t start = source.rfind('\n', name) + 1;
  std::size_t end = source.find("\n}\n", name);
  return end == std::string::npos ? "" : source.substr(start, end + 2 - start);
}

// After the last place of `ns` in `file`, or, when there is none, a namespace block at the end.
Insertion insertion(const std::vector<Place>& places, const std::string& file, const std::string& ns,
                    const std::string& code, const std::vector<std::string>& blocks) {
  std::string joined;
  for (const std::string& b : blocks) joined += "\n\n" + b;
  const Place* last = nullptr;
  for (const Place& p : places) {
    if (p.valid && p.file == file && p.ns == ns && (!last || p.offset > last->offset)) last = &p;
  }
  if (last) return {last->offset, joined};
  std::string text = (code.empty() || code.back() == '\n' ? "" : "\n") + std::string("\nnamespace ") + ns + " {" +
                     joined + "\n\n}  // namespace " + ns + "\n";
  return {static_cast<unsigned>(code.size()), text};
}

bool write_whole(const codegen::Package& pkg, const CheckOptions& o, const std::string& include_dir, std::ostream& out,
                 std::ostream& err) {
  codegen::Diagnostics diags;
  for (const auto& file : codegen::emit_stubs(pkg, o.root, include_dir, diags)) {
    fs::path path = fs::path(o.out_dir) / file.path;
    if (diags.has_errors() || !codegen::write_atomically(path, file.content, err)) return false;
    out << "wrote " << path.string() << '\n';
  }
  return true;
}

// Adds the missing handlers of one package to its stub files. False on an error (said on `err`).
bool add_missing(const codegen::Package& pkg, const std::vector<const Expected*>& missing, const Analysis& a,
                 const CheckOptions& o, const std::string& include_dir, std::ostream& out, std::ostream& err) {
  codegen::StubPaths names = codegen::stub_paths(pkg);
  fs::path header = fs::path(o.out_dir) / names.header, source = fs::path(o.out_dir) / names.source;
  std::error_code ec;
  bool has_header = fs::exists(header, ec), has_source = fs::exists(source, ec);
  if (!has_header && !has_source) return write_whole(pkg, o, include_dir, out, err);
  if (!has_header || !has_source) {
    err << (has_header ? source : header).string() << ": error: missing beside " << (has_header ? header : source).string()
        << "; restore it, or move both away to have them written anew\n";
    return false;
  }
  codegen::Diagnostics diags;
  auto rendered = codegen::emit_stubs(pkg, o.root, include_dir, diags);
  std::vector<std::string> classes, definitions;
  for (const Expected* e : missing) {
    classes.push_back(class_block(rendered[0].content, e->message));
    definitions.push_back(definition_block(rendered[1].content, e->message));
  }
  std::vector<Place> class_ends, definition_ends;
  for (const HandlerClass& c : a.scan.classes) {
    bool ours = std::any_of(a.expected.begin(), a.expected.end(),
                            [&](const Expected& e) { return e.package == &pkg && e.interface == c.interface; });
    if (!ours) continue;
    class_ends.push_back(c.end);
    definition_ends.insert(definition_ends.end(), c.definitions.begin(), c.definitions.end());
  }
  std::string ns = codegen::cpp_namespace(pkg.name);
  // Both files are edited before either is written: an edit that fails leaves both as they were.
  std::vector<std::pair<fs::path, std::string>> edits;
  for (auto [path, places, blocks] : {std::tuple{header, &class_ends, &classes}, std::tuple{source, &definition_ends, &definitions}}) {
    std::string code = codegen::read_all(path), error;
    auto edited = insert(path.string(), code, {insertion(*places, normal_path(path.string()), ns, code, *blocks)}, error);
    if (!edited) {
      err << "error: " << error << '\n';
      return false;
    }
    edits.emplace_back(path, std::move(*edited));
  }
  for (const auto& [path, content] : edits) {
    if (!codegen::write_atomically(path, content, err)) return false;
  }
  for (const Expected* e : missing) {
    out << "added " << codegen::handler_name(e->message) << "Impl (" << e->what << ") to " << header.string() << " and "
        << source.string() << '\n';
  }
  return true;
}

}  // namespace

int sync_stubs(const CheckOptions& o, const std::string& include_dir, std::ostream& out, std::ostream& err) {
  Analysis a = analyse(o, err);
  if (a.status != 0) return a.status;
  std::map<const codegen::Package*, std::vector<const Expected*>> missing;
  int status = 0;
  for (const Finding& f : a.findings) {
    if (f.rule == "STUB_MISSING" && f.nothing_derives) {
      missing[f.expected->package].push_back(f.expected);
      continue;
    }
    print(f, o.format, out);  // stale, orphaned, or a class that derives without handle(): the user's call
    status = 1;
  }
  for (const auto& [pkg, expected] : missing) {
    if (!add_missing(*pkg, expected, a, o, include_dir, out, err)) return 2;
  }
  if (status == 0 && missing.empty()) out << "in sync: nothing to add\n";
  return status;
}

}  // namespace avx::stubcheck
