#pragma once

// `avx-events nats lag --url URL [--group G]`: how far each consumer group of the NATS stream is
// behind: events not yet delivered (pending), delivered but not acknowledged (ack pending), and
// redelivered, summed over the group's consumers.

#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

namespace avx::tools {

struct NatsOptions {
  std::string action;  // lag
  std::string url;     // empty: $AVX_NATS_URL, else nats://127.0.0.1:4222
  std::string stream = "AVX_EVENTS";
  std::string group;  // empty: every group
  bool json = false;
};

// Exit status: 0 ok, 2 usage error or no server.
void add_nats_command(CLI::App& app, int& status);

int run_nats(const NatsOptions& options, std::ostream& out, std::ostream& err);

}  // namespace avx::tools
