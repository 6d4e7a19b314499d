#include "tools/cli/nats_command.h"

#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include <avx/events/nats/transport.h>

#include "tools/cli/command.h"

namespace avx::tools {

int run_nats(const NatsOptions& options, std::ostream& out, std::ostream& err) {
  events::nats::Options o;
  o.url = options.url;
  o.stream = options.stream;
  auto transport = events::nats::Transport::connect(o);
  if (!transport) {
    err << "avx-events nats: " << transport.error().message() << "\n";
    return 2;
  }
  auto lag = (*transport)->lag(options.group);
  if (!lag) {
    err << "avx-events nats: " << lag.error().message() << "\n";
    return 2;
  }
  for (const events::nats::GroupLag& g : *lag) {
    if (options.json) {
      out << nlohmann::json{{"group", g.group},
                            {"consumers", g.consumers},
                            {"pending", g.pending},
                            {"ack_pending", g.ack_pending},
                            {"redelivered", g.redelivered}}
                 .dump()
          << "\n";
    } else {
      out << g.group << ": pending " << g.pending << ", ack pending " << g.ack_pending << ", redelivered "
          << g.redelivered << " (" << g.consumers << (g.consumers == 1 ? " consumer" : " consumers") << ")\n";
    }
  }
  if (lag->empty() && !options.json) out << "no consumer groups on stream " << options.stream << "\n";
  return 0;
}

void add_nats_command(CLI::App& app, int& status) {
  auto o = std::make_shared<NatsOptions>();
  CLI::App* cmd = app.add_subcommand("nats", "Look at the NATS JetStream transport: lag of consumer groups");
  cmd->add_option("action", o->action, "lag")->required()->check(CLI::IsMember({"lag"}));
  cmd->add_option("--url", o->url, "The NATS server (default: $AVX_NATS_URL, else nats://127.0.0.1:4222)");
  cmd->add_option("--stream", o->stream, "The JetStream stream")->capture_default_str();
  cmd->add_option("--group", o->group, "Only this consumer group");
  add_format_option(cmd, o->json);
  cmd->footer("Examples:\n  avx-events nats lag --url nats://127.0.0.1:4222\n"
              "  avx-events nats lag --group billing --format json");
  cmd->callback([o, &status] { status = run_nats(*o, std::cout, std::cerr); });
}

}  // namespace avx::tools
