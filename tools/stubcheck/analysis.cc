#include "tools/stubcheck/analysis.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "codegen/compile.h"
#include "codegen/emit/emitter.h"
#include "codegen/emit/stubs.h"
#include "codegen/emit/type_names.h"
#include "codegen/model/names.h"
#include "tools/stubcheck/runtime_headers.h"

namespace avx::stubcheck {
namespace {

namespace fs = std::filesystem;

const std::string kGenerated = std::string(kVirtualRoot) + "generated";
const std::string kRuntime = std::string(kVirtualRoot) + "runtime";

bool is_source(const fs::path& p) {
  static const char* const kExtensions[] = {".h", ".hh", ".hpp", ".cc", ".cpp", ".cxx"};
  return std::find(std::begin(kExtensions), std::end(kExtensions), p.extension().string()) != std::end(kExtensions);
}

std::vector<std::string> files_to_read(const CheckOptions& o) {
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = fs::directory_iterator(o.out_dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && is_source(it->path())) files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  files.insert(files.end(), o.sources.begin(), o.sources.end());
  return files;
}

std::vector<Expected> expected_handlers(const codegen::SchemaSet& set, const CheckOptions& o) {
  std::vector<Expected> out;
  for (const codegen::Package* pkg : set.roots) {
    std::string ns = codegen::cpp_namespace(pkg->name);
    Spot header{(fs::path(o.out_dir) / codegen::stub_paths(*pkg).header).string(), 1, 1};
    for (const auto& c : pkg->commands) {
      out.push_back({pkg, c.name, ns + "::" + codegen::handler_name(c.name), "command " + pkg->name + "." + c.name, header});
    }
    for (const auto& q : pkg->queries) {
      out.push_back({pkg, q.name, ns + "::" + codegen::handler_name(q.name), "query " + pkg->name + "." + q.name, header});
    }
  }
  return out;
}

ScanInput scan_input(const CheckOptions& o, const codegen::SchemaSet& set, const std::vector<Expected>& expected,
                     codegen::Diagnostics& diags) {
  ScanInput in;
  in.files = files_to_read(o);
  in.compile_commands = o.compile_commands;
  in.arguments = {"-std=c++20", "-x", "c++", "-I" + o.root};
  in.first_arguments = {"-I" + kGenerated};
  in.last_arguments = {"-I" + kRuntime};
  for (const auto& pkg : set.packages) {
    for (const auto& file : codegen::emit_package(*pkg, {o.root}, diags)) {
      in.virtual_files[kGenerated + "/" + file.path] = file.content;
    }
  }
  for (std::size_t i = 0; i < kRuntimeHeaderCount; ++i) {
    in.virtual_files[kRuntime + "/" + std::string(kRuntimeHeaders[i].path)] =
        std::string(kRuntimeHeaders[i].content);
  }
  for (const Expected& e : expected) in.interfaces.insert(e.interface);
  return in;
}

std::vector<Finding> find(const std::vector<Expected>& expected, const ScanResult& scan) {
  std::vector<Finding> out;
  for (const Expected& e : expected) {
    std::string wanted = scan.interfaces.count(e.interface) ? scan.interfaces.at(e.interface) : "handle(...)";
    std::vector<const HandlerClass*> classes;
    for (const HandlerClass& c : scan.classes) {
      if (c.interface == e.interface) classes.push_back(&c);
    }
    bool done = std::any_of(classes.begin(), classes.end(), [](const HandlerClass* c) {
      return std::any_of(c->handles.begin(), c->handles.end(), [](const HandleMethod& h) { return h.matches; });
    });
    if (done) continue;
    bool stale = false;
    for (const HandlerClass* c : classes) {
      for (const HandleMethod& h : c->handles) {
        stale = true;
        out.push_back({h.at, "STUB_STALE",
                       c->name + "::handle no longer matches " + e.interface + " (" + e.what +
                           "); the schema now declares: " + wanted + "; it was: " + h.signature,
                       &e, false});
      }
    }
    if (stale) continue;
    Spot at = classes.empty() ? e.missing_at : classes.front()->at;
    out.push_back({at, "STUB_MISSING",
                   (classes.empty() ? "no class implements " : classes.front()->name + " derives from but does not implement ") +
                       e.interface + " (" + e.what + "): add a class deriving from it with " + wanted + " override",
                   &e, classes.empty()});
  }
  for (const HandlerClass& c : scan.classes) {
    if (!c.interface.empty()) continue;
    out.push_back({c.at, "STUB_ORPHANED",
                   c.name + " overrides handle() of " + (c.unknown_base.empty() ? "a base" : "'" + c.unknown_base + "'") +
                       ", which the schema no longer declares: delete the handler, or restore its command or query",
                   nullptr, false});
  }
  // Stable: findings at one place (missing handlers, at the stub header) stay in schema order, the
  // order --sync adds them in.
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) { return a.at < b.at; });
  return out;
}

}  // namespace

Analysis analyse(const CheckOptions& o, std::ostream& err) {
  Analysis a;
  if (o.format != "text" && o.format != "github") {
    err << "error: --format must be text or github, not '" << o.format << "'\n";
    a.status = 2;
    return a;
  }
  for (const std::string& source : o.sources) {
    std::error_code ec;
    if (!fs::is_regular_file(source, ec)) {
      err << source << ": error: --sources names no readable file\n";
      a.status = 2;
      return a;
    }
  }
  codegen::Diagnostics diags;
  a.set = codegen::compile_schemas(o.files, codegen::LoadOptions{o.root}, diags);
  if (!diags.has_errors()) a.expected = expected_handlers(a.set, o);
  ScanInput input = diags.has_errors() ? ScanInput{} : scan_input(o, a.set, a.expected, diags);
  if (diags.has_errors()) {
    diags.print(err);
    a.status = 2;
    return a;
  }
  a.files = input.files.size();
  if (!input.files.empty()) a.scan = scan(input);
  for (const std::string& failure : a.scan.failures) err << failure << '\n';
  if (!a.scan.failures.empty()) {
    a.status = 2;
    return a;
  }
  a.findings = find(a.expected, a.scan);
  for (const CompilerError& e : a.scan.errors) {
    if (e.at.file.rfind(kVirtualRoot, 0) != 0) a.errors.push_back(e);
  }
  return a;
}

void print(const Finding& f, const std::string& format, std::ostream& out) {
  if (format == "github") {
    out << "::error file=" << f.at.file << ",line=" << f.at.line << ",col=" << f.at.column << ",title=" << f.rule
        << "::" << f.message << '\n';
  } else {
    out << f.at.file << ':' << f.at.line << ':' << f.at.column << ": error [" << f.rule << "] " << f.message << '\n';
  }
}

}  // namespace avx::stubcheck
