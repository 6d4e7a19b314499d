#include "tools/cli/graph_command.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "codegen/compile.h"
#include "codegen/graph/event_flow.h"
#include "codegen/write_file.h"

extern char** environ;

namespace avx::tools {
namespace {

namespace fs = std::filesystem;

struct GraphOptions {
  std::vector<std::string> files;
  std::string root = ".";
  std::string format = "dot";
  std::string out;  // empty: stdout
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Renders DOT text to SVG with Graphviz's `dot`, through files in a private temporary directory.
// Returns false (and says why on err) when dot is missing or fails.
bool render_svg(const std::string& dot_text, std::string& svg, std::ostream& err) {
  std::string dir_template = (fs::temp_directory_path() / "avx-graph.XXXXXX").string();
  if (mkdtemp(dir_template.data()) == nullptr) {
    err << "avx-events graph: cannot make a temporary directory\n";
    return false;
  }
  fs::path dir = dir_template;
  fs::path in = dir / "graph.dot", out = dir / "graph.svg", log = dir / "dot.err";
  std::ofstream(in) << dot_text;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::string in_arg = in.string(), out_arg = "-o" + out.string();
  char* argv[] = {const_cast<char*>("dot"), const_cast<char*>("-Tsvg"), in_arg.data(), out_arg.data(), nullptr};
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, "dot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  bool ok = spawned == 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (spawned != 0) {
    err << "avx-events graph: Graphviz's `dot` was not found: install graphviz (tools/setup does), or use "
           "--format dot\n";
  } else if (!ok) {
    err << "avx-events graph: dot failed: " << read_file(log);
  } else {
    svg = read_file(out);
  }
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  return ok;
}

int run_graph(const GraphOptions& o) {
  codegen::Diagnostics diags;
  codegen::SchemaSet set = codegen::compile_schemas(o.files, codegen::LoadOptions{o.root}, diags);
  if (diags.has_errors()) {
    diags.print(std::cerr);
    std::cerr << diags.count() << (diags.count() == 1 ? " error" : " errors") << ", no graph drawn\n";
    return 2;
  }
  std::string text = codegen::event_flow_dot(set);
  if (o.format == "svg" && !render_svg(std::string(text), text, std::cerr)) return 2;
  if (o.out.empty()) {
    std::cout << text;
    return 0;
  }
  return codegen::write_atomically(o.out, text, std::cerr) ? 0 : 2;
}

}  // namespace

void add_graph_command(CLI::App& app, int& status) {
  auto o = std::make_shared<GraphOptions>();
  CLI::App* cmd = app.add_subcommand("graph", "Draw the event flow of schema files (Graphviz DOT or SVG)");
  cmd->add_option("files", o->files, "Schema files (.yaml or .capnp)")->required();
  cmd->add_option("--format", o->format, "dot (text) or svg (rendered with Graphviz's dot)")
      ->check(CLI::IsMember({"dot", "svg"}))
      ->capture_default_str();
  cmd->add_option("--out", o->out, "Write here instead of standard output");
  cmd->add_option("--root", o->root, "Directory that schema and import paths are relative to")->capture_default_str();
  cmd->footer("Example:\n  avx-events graph --format svg --out shop.svg examples/production_service/shop.yaml");
  cmd->callback([o, &status] { status = run_graph(*o); });
}

}  // namespace avx::tools
