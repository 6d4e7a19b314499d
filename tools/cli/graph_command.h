#pragma once

// `avx-events graph FILES [--format dot|svg] [--out FILE] [--root DIR]`: the event flow of the
// schemas (commands, aggregates, events, topics, subscribers, queries) as Graphviz DOT, or as SVG
// rendered by Graphviz's `dot`.

#include <CLI/CLI.hpp>

namespace avx::tools {

void add_graph_command(CLI::App& app, int& status);

}  // namespace avx::tools
