#include "codegen/compat/run.h"

#include <filesystem>

#include "codegen/compat/compare.h"
#include "codegen/compat/inputs.h"
#include "codegen/compat/report.h"

namespace avx::codegen::compat {
namespace {

namespace fs = std::filesystem;

// Copies NEW's schema files (with what they import) into `dir`, keeping their relative paths.
int write_baseline(const SchemaSet& set, const std::string& dir, std::ostream& out, std::ostream& err) {
  std::size_t written = 0;
  for (const auto& pkg : set.packages) {
    fs::path source(pkg->path);
    fs::path relative = source.is_absolute() ? source.lexically_relative(fs::current_path()) : source;
    if (relative.empty() || *relative.begin() == "..") relative = source.filename();
    fs::path target = fs::path(dir) / relative;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    fs::copy_file(source, target, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      err << target.string() << ": error: cannot write: " << ec.message() << '\n';
      return 2;
    }
    ++written;
  }
  out << "wrote " << written << " schema" << (written == 1 ? "" : "s") << " to " << dir << '\n';
  return 0;
}

// The OLD versions to compare with: every one for transitive modes, else the newest. Returns
// false (having said why on `err`) when a git revision cannot be checked out.
bool load_olds(const CompatOptions& options, Mode mode, GitCheckout& git,
               std::vector<std::pair<std::string, SchemaSet>>& olds, Diagnostics& diags, std::ostream& err) {
  if (options.against_git) {
    checkout_git(*options.against_git, options.inputs, git);
    if (!git.error.empty()) {
      err << "error: " << git.error << '\n';
      return false;
    }
    olds.emplace_back(*options.against_git, load_inputs(git.paths, diags));
    return true;
  }
  std::size_t first = is_transitive(mode) ? 0 : options.against.size() - 1;
  for (std::size_t i = first; i < options.against.size(); ++i) {
    olds.emplace_back(options.against[i], load_inputs({options.against[i]}, diags));
  }
  return true;
}

std::vector<Finding> compare_all(std::vector<std::pair<std::string, SchemaSet>>& olds, const SchemaSet& new_set,
                                  const CompatOptions& options, const GitCheckout& git) {
  std::vector<Finding> findings;
  for (auto& [name, old_set] : olds) {
    for (Finding& f : compare(old_set, new_set)) {
      if (olds.size() > 1) f.against = name;
      // A position in the temporary checkout reads as git's REV:path.
      if (!git.dir.empty() && f.pos.file.rfind(git.dir + "/", 0) == 0) {
        f.pos.file = *options.against_git + ":" + f.pos.file.substr(git.dir.size() + 1);
      }
      findings.push_back(std::move(f));
    }
  }
  return findings;
}

}  // namespace

int run_compat(const CompatOptions& options, std::ostream& out, std::ostream& err) {
  auto mode = parse_mode(options.mode);
  auto format = parse_format(options.format);
  if (!mode) {
    err << "error: unknown --mode '" << options.mode
        << "' (backward, forward, full, backward_transitive, forward_transitive, full_transitive, none)\n";
    return 2;
  }
  if (!format) {
    err << "error: unknown --format '" << options.format << "' (text, json, github)\n";
    return 2;
  }
  if (options.inputs.empty()) {
    err << "error: give the NEW schema files or directories\n";
    return 2;
  }
  Diagnostics diags;
  SchemaSet new_set = load_inputs(options.inputs, diags);
  if (options.write_baseline) {
    if (diags.has_errors()) {
      diags.print(err);
      return 2;
    }
    return write_baseline(new_set, *options.write_baseline, out, err);
  }
  if (options.against.empty() == !options.against_git.has_value()) {
    err << "error: give exactly one of --against OLD (repeatable) or --against-git REF\n";
    return 2;
  }
  std::vector<std::pair<std::string, SchemaSet>> olds;
  GitCheckout git;
  if (!load_olds(options, *mode, git, olds, diags, err)) return 2;
  if (diags.has_errors()) {
    diags.print(err);
    return 2;
  }
  std::vector<Finding> findings = compare_all(olds, new_set, options, git);
  std::size_t breaking = report(findings, *mode, *format, out);
  if (*format == Format::kText) {
    err << (breaking == 0 ? "compatible" : std::to_string(breaking) + " breaking change" + (breaking == 1 ? "" : "s"))
        << " under " << mode_name(*mode) << '\n';
  }
  return breaking == 0 ? 0 : 1;
}

}  // namespace avx::codegen::compat
