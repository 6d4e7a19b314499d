// Reads users' handler files with Clang's LibTooling: which classes derive from the generated
// handler interfaces (through aliases, macros, typedefs and renames: Clang resolves them), what
// their `handle` members look like, and which classes still override a `handle` whose interface
// the schema no longer declares. Built with -fno-rtti, as Clang's libraries are.

#include "tools/stubcheck/scan.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <tuple>

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Basic/Version.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Lex/Lexer.h>
#include <clang/Tooling/CompilationDatabase.h>
#include <clang/Tooling/JSONCompilationDatabase.h>
#include <clang/Tooling/Tooling.h>
#include <llvm/Config/llvm-config.h>

namespace avx::stubcheck {

bool Spot::operator<(const Spot& other) const {
  return std::tie(file, line, column) < std::tie(other.file, other.line, other.column);
}

namespace {

using namespace clang;

// Where Debian's clang-14 keeps its own headers (stddef.h, ...), which a tool linking libclang-cpp
// cannot find next to itself.
const std::string kResourceDir =
    "-resource-dir=/usr/lib/llvm-" + std::to_string(LLVM_VERSION_MAJOR) + "/lib/clang/" CLANG_VERSION_STRING;

std::string collapse_spaces(llvm::StringRef text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space && !(c == ',' || c == ')' || c == '&') && out.back() != '(') out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string source_text(SourceRange range, const SourceManager& sm, const LangOptions& lang) {
  return Lexer::getSourceText(CharSourceRange::getTokenRange(range), sm, lang).str();
}

// The declaration as written, on one line, without `virtual`, `= 0`, `override` or a body.
std::string declaration_of(const CXXMethodDecl* m, const SourceManager& sm, const LangOptions& lang) {
  SourceLocation end = m->getTypeSourceInfo() ? m->getTypeSourceInfo()->getTypeLoc().getEndLoc() : m->getEndLoc();
  std::string text = collapse_spaces(source_text(SourceRange(m->getBeginLoc(), end), sm, lang));
  if (text.rfind("virtual ", 0) == 0) text.erase(0, 8);
  return text;
}

// The base after `:` in `class X final : public GetOrderHandler`, as written, for a base Clang
// could not resolve (it keeps no trace of it in the AST).
std::string unknown_base_of(const CXXRecordDecl* d, const SourceManager& sm, const LangOptions& lang) {
  if (d->getBraceRange().getBegin().isInvalid()) return {};
  std::string head = Lexer::getSourceText(CharSourceRange::getCharRange(d->getBeginLoc(), d->getBraceRange().getBegin()),
                                          sm, lang).str();
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head[i] != ':' || (i + 1 < head.size() && head[i + 1] == ':') || (i > 0 && head[i - 1] == ':')) continue;
    std::string bases = head.substr(i + 1);
    for (const char* word : {"public ", "protected ", "private ", "virtual "}) {
      for (std::size_t at; (at = bases.find(word)) != std::string::npos;) bases.erase(at, std::string(word).size());
    }
    return collapse_spaces(bases);
  }
  return {};
}

class Collector : public DiagnosticConsumer {
 public:
  explicit Collector(ScanResult& result) : result_(result) {}
  void HandleDiagnostic(DiagnosticsEngine::Level level, const Diagnostic& info) override {
    DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level < DiagnosticsEngine::Error) return;
    llvm::SmallString<256> message;
    info.FormatDiagnostic(message);
    PresumedLoc loc;
    if (info.hasSourceManager() && info.getLocation().isValid()) loc = info.getSourceManager().getPresumedLoc(info.getLocation());
    if (loc.isInvalid()) {  // about no place in a file: it could not be read at all
      result_.failures.push_back("error: " + message.str().str());
      return;
    }
    Spot at{normal_path(std::string(loc.getFilename())), static_cast<int>(loc.getLine()), static_cast<int>(loc.getColumn())};
    if (level == DiagnosticsEngine::Fatal) {  // the file could not be read through: nothing it holds is known
      result_.failures.push_back(at.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": error: " +
                                 message.str().str());
      return;
    }
    result_.errors.push_back({at, message.str().str()});
  }

 private:
  ScanResult& result_;
};

class Visitor : public RecursiveASTVisitor<Visitor> {
 public:
  Visitor(ASTContext& ctx, const ScanInput& input, ScanResult& result) : ctx_(ctx), input_(input), result_(result) {}

  bool VisitCXXRecordDecl(CXXRecordDecl* d) {
    if (!d->isThisDeclarationADefinition() || d->isImplicit()) return true;
    std::string name = d->getQualifiedNameAsString();
    if (input_.interfaces.count(name)) {
      for (const CXXMethodDecl* m : d->methods()) {
        if (m->getNameAsString() == "handle") result_.interfaces[name] = declaration_of(m, sm(), lang());
      }
      return true;
    }
    if (!users(d->getLocation())) return true;
    const CXXRecordDecl* iface = interface_of(d);
    HandlerClass c;
    c.name = name;
    c.at = spot(d->getLocation());
    c.interface = iface ? iface->getQualifiedNameAsString() : "";
    for (const CXXMethodDecl* m : d->methods()) {
      if (m->getNameAsString() != "handle" || m->isImplicit()) continue;
      HandleMethod h{spot(m->getLocation()), declaration_of(m, sm(), lang()), iface && overrides(m, iface)};
      if (!iface && !(m->hasAttr<OverrideAttr>() && m->size_overridden_methods() == 0)) continue;
      c.handles.push_back(h);
    }
    if (!iface) {
      if (c.handles.empty()) return true;  // not a handler at all
      c.unknown_base = unknown_base_of(d, sm(), lang());
    }
    SourceLocation brace = d->getBraceRange().getEnd();
    if (brace.isValid() && !brace.isMacroID()) {
      c.end = place(Lexer::findLocationAfterToken(brace, tok::semi, sm(), lang(), false), d);
    }
    result_.classes.push_back(std::move(c));
    return true;
  }

  // Out-of-line handle() definitions of handler classes: where `--sync` adds a definition after.
  bool VisitCXXMethodDecl(CXXMethodDecl* m) {
    if (m->getNameAsString() != "handle" || !m->isOutOfLine() || !m->doesThisDeclarationHaveABody()) return true;
    if (!users(m->getLocation()) || !interface_of(m->getParent())) return true;
    SourceLocation end = m->getBodyRBrace();
    if (end.isInvalid() || end.isMacroID()) return true;
    definitions_[m->getParent()->getQualifiedNameAsString()].push_back(place(end.getLocWithOffset(1), m));
    return true;
  }

  void attach_definitions() {
    for (HandlerClass& c : result_.classes) {
      auto it = definitions_.find(c.name);
      if (it != definitions_.end()) c.definitions.insert(c.definitions.end(), it->second.begin(), it->second.end());
    }
  }

 private:
  const SourceManager& sm() const { return ctx_.getSourceManager(); }
  const LangOptions& lang() const { return ctx_.getLangOpts(); }

  bool users(SourceLocation loc) const {
    if (loc.isInvalid() || sm().isInSystemHeader(loc)) return false;
    std::string file = sm().getFilename(sm().getSpellingLoc(loc)).str();
    return !file.empty() && file.rfind(kVirtualRoot, 0) != 0;
  }

  Spot spot(SourceLocation loc) const {
    PresumedLoc p = sm().getPresumedLoc(sm().getSpellingLoc(loc));
    if (p.isInvalid()) return {};
    return {normal_path(std::string(p.getFilename())), static_cast<int>(p.getLine()), static_cast<int>(p.getColumn())};
  }

  Place place(SourceLocation loc, const Decl* d) const {
    Place p;
    if (loc.isInvalid() || loc.isMacroID()) return p;
    p.file = normal_path(sm().getFilename(loc).str());
    p.offset = sm().getFileOffset(loc);
    for (const DeclContext* dc = d->getLexicalDeclContext(); dc; dc = dc->getLexicalParent()) {
      if (const auto* ns = dyn_cast<NamespaceDecl>(dc)) {
        p.ns = ns->getQualifiedNameAsString();
        break;
      }
    }
    p.valid = !p.file.empty();
    return p;
  }

  const CXXRecordDecl* interface_of(const CXXRecordDecl* d) const {
    const CXXRecordDecl* found = nullptr;
    if (!d->hasDefinition()) return nullptr;
    d->forallBases([&](const CXXRecordDecl* base) {
      if (!found && input_.interfaces.count(base->getQualifiedNameAsString())) found = base;
      return true;
    });
    return found;
  }

  bool overrides(const CXXMethodDecl* m, const CXXRecordDecl* iface) const {
    if (m->isInvalidDecl()) return false;
    for (const CXXMethodDecl* o : m->overridden_methods()) {
      if (o->getParent()->getCanonicalDecl() == iface->getCanonicalDecl() && ctx_.hasSameType(o->getType(), m->getType())) {
        return true;
      }
      if (overrides(o, iface)) return true;
    }
    return false;
  }

  ASTContext& ctx_;
  const ScanInput& input_;
  ScanResult& result_;
  std::map<std::string, std::vector<Place>> definitions_;  // by class
};

class Consumer : public ASTConsumer {
 public:
  Consumer(const ScanInput& input, ScanResult& result) : input_(input), result_(result) {}
  void HandleTranslationUnit(ASTContext& ctx) override {
    Visitor visitor(ctx, input_, result_);
    visitor.TraverseAST(ctx);
    visitor.attach_definitions();
  }

 private:
  const ScanInput& input_;
  ScanResult& result_;
};

class Action : public ASTFrontendAction {
 public:
  Action(const ScanInput& input, ScanResult& result) : input_(input), result_(result) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance&, llvm::StringRef) override {
    return std::make_unique<Consumer>(input_, result_);
  }

 private:
  const ScanInput& input_;
  ScanResult& result_;
};

class Factory : public tooling::FrontendActionFactory {
 public:
  Factory(const ScanInput& input, ScanResult& result) : input_(input), result_(result) {}
  std::unique_ptr<FrontendAction> create() override { return std::make_unique<Action>(input_, result_); }

 private:
  const ScanInput& input_;
  ScanResult& result_;
};

std::unique_ptr<tooling::CompilationDatabase> database(const ScanInput& input, ScanResult& result) {
  if (input.compile_commands.empty()) {  // our flags (the virtual include directories) for every file
    return std::make_unique<tooling::FixedCompilationDatabase>(".", input.arguments);
  }
  std::string error;
  auto db = tooling::JSONCompilationDatabase::loadFromFile(input.compile_commands, error,
                                                           tooling::JSONCommandLineSyntax::AutoDetect);
  if (!db) {
    result.failures.push_back(input.compile_commands + ": error: " + error);
    return nullptr;
  }
  return tooling::inferMissingCompileCommands(std::move(db));  // a header borrows its source's flags
}

template <class T, class Key>
void deduplicate(std::vector<T>& items, Key key) {
  std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
  items.erase(std::unique(items.begin(), items.end(), [&](const T& a, const T& b) { return !(key(a) < key(b)) && !(key(b) < key(a)); }),
              items.end());
}

// A class seen from several translation units (its header included by each) is one class, with
// the out-of-line definitions each of them saw.
void merge_classes(std::vector<HandlerClass>& classes) {
  std::map<Spot, HandlerClass> by_spot;
  for (HandlerClass& c : classes) {
    auto [it, inserted] = by_spot.emplace(c.at, c);
    if (inserted) continue;
    for (const Place& p : c.definitions) {
      bool known = std::any_of(it->second.definitions.begin(), it->second.definitions.end(),
                               [&](const Place& q) { return q.file == p.file && q.offset == p.offset; });
      if (!known) it->second.definitions.push_back(p);
    }
  }
  classes.clear();
  for (auto& [spot, c] : by_spot) classes.push_back(std::move(c));
}

}  // namespace

std::string normal_path(const std::string& file) {
  namespace fs = std::filesystem;
  if (file.rfind(kVirtualRoot, 0) == 0) return file;
  std::error_code ec;
  fs::path absolute = fs::absolute(file, ec).lexically_normal();
  fs::path relative = absolute.lexically_relative(fs::current_path(ec));
  if (!relative.empty() && *relative.begin() != "..") return relative.string();
  return absolute.string();
}

ScanResult scan(const ScanInput& input) {
  ScanResult result;
  auto db = database(input, result);
  if (!db) return result;
  tooling::ClangTool tool(*db, input.files);
  for (const auto& [path, content] : input.virtual_files) tool.mapVirtualFile(path, content);
  // The schema's generated headers come first, ahead of any the user's build generated (which may
  // be of an older schema); the runtime's come last, for flags that do not name them.
  tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(input.first_arguments, tooling::ArgumentInsertPosition::BEGIN));
  std::vector<std::string> last = input.last_arguments;
  last.insert(last.end(), {"-fsyntax-only", "-w", "-fno-caret-diagnostics", "-Xclang", "-fno-spell-checking", kResourceDir});
  tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(last, tooling::ArgumentInsertPosition::END));
  tool.setPrintErrorMessage(false);
  Collector collector(result);
  tool.setDiagnosticConsumer(&collector);
  Factory factory(input, result);
  tool.run(&factory);
  merge_classes(result.classes);
  deduplicate(result.errors, [](const CompilerError& e) { return std::tie(e.at, e.message); });
  return result;
}

}  // namespace avx::stubcheck
